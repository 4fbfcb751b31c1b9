import net from "node:net";

// Test support for the egress tests: a tripwire on net.Socket#connect (which
// net.connect and tls.connect both go through) that lets sockets reach
// loopback only. If the guard under test had a bug and tried to reach a
// private, metadata or public address, the attempt throws before a socket is
// opened and is recorded, and the test file fails on the record.

const LOOPBACK_V4 = /^127(\.\d{1,3}){3}$/;

/** Loopback literals only: 127.0.0.0/8, ::1 and their IPv4-mapped forms. Names never pass. */
export function isLoopbackLiteral(host: string): boolean {
  const bare = host.toLowerCase().replace(/^\[|\]$/g, "");
  if (bare === "::1" || bare === "0:0:0:0:0:0:0:1") return true;
  const v4 = bare.startsWith("::ffff:") ? bare.slice("::ffff:".length) : bare;
  return LOOPBACK_V4.test(v4) && v4.split(".").every((part) => Number(part) <= 255);
}

type ConnectArgs = Parameters<typeof net.Socket.prototype.connect>;

function destinationOf(args: unknown[]): { path?: string; host: string } {
  const [first, second] = args;
  if (Array.isArray(first)) return destinationOf(first); // internal normalized form
  if (first && typeof first === "object") {
    const options = first as { path?: string; host?: string };
    return { path: options.path, host: options.host ?? "localhost" };
  }
  if (typeof first === "string" && !/^\d+$/.test(first)) return { path: first, host: "" };
  return { host: typeof second === "string" ? second : "localhost" };
}

/** Installs the tripwire; returns the list of refused destinations and a remover. */
export function installSocketTripwire(): { refused: string[]; remove: () => void } {
  const refused: string[] = [];
  const original = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: ConnectArgs) {
    const { path, host } = destinationOf(args);
    if (!path && !isLoopbackLiteral(host)) {
      refused.push(host);
      throw new Error(`test tripwire: a socket to ${host} was refused (tests reach loopback only)`);
    }
    return original.apply(this, args);
  } as typeof original;
  return { refused, remove: () => void (net.Socket.prototype.connect = original) };
}
