// The HTTP server in front of Next.js. It exists for one security reason:
// route handlers cannot see the socket address, so it stamps it on every
// request as x-penaxtra-peer-ip, overwriting anything a client sent.
import http from "node:http";
import { randomInt } from "node:crypto";
import next from "next";

const PEER_HEADER = "x-penaxtra-peer-ip";
const DRAIN_MS = 10_000;

export async function serve({ dev, port, host }) {
  const app = next({ dev, dir: process.cwd(), hostname: host === "::" || host === "0.0.0.0" ? "localhost" : host, port });
  const handle = app.getRequestHandler();
  await app.prepare();

  let stopping = false;
  let inFlight = 0;
  let drained = () => {};
  const server = http.createServer((req, res) => {
    inFlight += 1;
    res.once("close", () => {
      inFlight -= 1;
      if (inFlight === 0) drained();
    });
    // Stopping: requests already sent on an open connection are still answered, and told to go.
    if (stopping) res.setHeader("connection", "close");
    delete req.headers[PEER_HEADER];
    req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
    if (!decodablePath(req.url)) return refuseMalformedPath(res);
    handle(req, res).catch((err) => {
      console.error(err);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  if (dev) server.on("upgrade", app.getUpgradeHandler());
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;

  await listen(server, port, host);
  console.log(`Penaxtra console listening on http://localhost:${port}`);

  // SIGTERM/SIGINT: stop accepting, let the requests in flight finish (at most
  // DRAIN_MS), then write the queued audit rows and close the database
  // (lib/boot.ts). Every answered request's audit row is queued before its
  // answer is sent, so none is lost (e2e/graceful-stop.spec.ts).
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    server.close();
    server.closeIdleConnections?.();
    if (inFlight > 0) {
      await new Promise((resolve) => {
        drained = resolve;
        setTimeout(resolve, DRAIN_MS).unref();
      });
    }
    server.closeAllConnections?.();
    try {
      await globalThis.__penaxtraShutdown?.();
    } finally {
      process.exit(0);
    }
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

/** Whether the path's percent-escapes decode to UTF-8 (Next.js answers a bare 500 when they do not). */
function decodablePath(url = "/") {
  const path = url.split("?", 1)[0];
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** 400 in the API's problem shape (lib/http/problem.ts), for a path such as /api/v2/endpoints/%ff. */
function refuseMalformedPath(res) {
  const requestId = `req_${Array.from({ length: 16 }, () => BASE62[randomInt(62)]).join("")}`;
  const problem = {
    type: "https://penaxtra.dev/problems/bad-request",
    title: "Bad Request",
    status: 400,
    detail: "The URL path is not valid percent-encoded UTF-8",
    code: "bad_request",
    request_id: requestId,
  };
  res.writeHead(400, { "content-type": "application/problem+json", "x-request-id": requestId, "cache-control": "no-store" });
  res.end(JSON.stringify(problem));
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (err) => {
      // No IPv6 on this machine: fall back to IPv4 on all interfaces.
      if (host === "::" && (err.code === "EAFNOSUPPORT" || err.code === "EADDRNOTAVAIL")) {
        server.removeListener("error", onError);
        listen(server, port, "0.0.0.0").then(resolve, reject);
      } else reject(err);
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.removeListener("error", onError);
      resolve();
    });
  });
}
