// The HTTP server in front of Next.js. It exists for one security reason:
// route handlers cannot see the socket address, so it stamps it on every
// request as x-penaxtra-peer-ip, overwriting anything a client sent.
import http from "node:http";
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
