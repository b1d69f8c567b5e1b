// Next.js hands route handlers no socket, and it keeps a client-sent X-Forwarded-For as it is
// (it only fills the header in when absent), so that header cannot tell who is connecting. This
// stamps every incoming request with the address of the TCP peer, in a header a client cannot
// set (any client value is overwritten), before Next sees the request. Node.js only.
import diagnosticsChannel from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

export const PEER_ADDRESS_HEADER = "x-leadsync-peer-address";

let installed = false;

/** Subscribes once per process to Node's `http.server.request.start` (published before the request listener runs). */
export function installPeerAddressHeader(): void {
  if (installed) return;
  installed = true;
  diagnosticsChannel.subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers[PEER_ADDRESS_HEADER] = socket?.remoteAddress ?? "unknown";
  });
}
