// Serves a built site with static-web-server and the repository's serve.toml
// on a free port of 127.0.0.1, for the screenshot and benchmark scripts.
import { spawn } from "node:child_process";
import { createServer, connect } from "node:net";

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function accepting(port) {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.on("connect", () => { socket.end(); resolve(true); });
    socket.on("error", () => resolve(false));
  });
}

/** Starts the server on `root`; returns its base URL and a stop function. */
export async function serve(root) {
  const port = await freePort();
  const child = spawn("static-web-server",
    ["-w", "serve.toml", "-a", "127.0.0.1", "-p", String(port), "-d", root, "--page404", `${root}/404.html`],
    { stdio: "ignore" });
  for (let i = 0; i < 200 && !(await accepting(port)); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!(await accepting(port))) throw new Error("static-web-server did not start");
  return { base: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

/** Flags for headless Chromium on a machine without outside network. */
export const CHROME_FLAGS = [
  "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
  "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
