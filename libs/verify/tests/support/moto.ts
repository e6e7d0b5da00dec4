// Starts Python moto's server (`moto_server`) for the emulator suite, on a free loopback port.
import { ChildProcess, spawn } from "node:child_process";
import * as http from "node:http";
import * as net from "node:net";

export const MOTO_INSTALL_HINT = 'moto_server is not installed (not on PATH). Install it with: pip install "moto[server]"';

export interface MotoServer {
  readonly endpoint: string;
  readonly stop: () => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    // agent: false, so no keep-alive socket outlives the probe.
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once("error", () => resolve(false));
    req.setTimeout(1000, () => req.destroy());
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      const force = setTimeout(() => child.kill("SIGKILL"), 5000);
      child.once("exit", () => {
        clearTimeout(force);
        resolve();
      });
      child.kill("SIGTERM");
    });
}

/** Starts moto_server and resolves once it answers; rejects with the install hint when it is missing. */
export async function startMoto(command = "moto_server", timeoutMs = 30000): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(command, ["-H", "127.0.0.1", "-p", String(port)], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const failed = new Promise<never>((_, reject) => {
    child.once("error", (error: NodeJS.ErrnoException) => reject(new Error(error.code === "ENOENT" ? MOTO_INSTALL_HINT : `${command} failed to start: ${error.message}`)));
    child.once("exit", (code) => reject(new Error(`${command} exited with code ${code} before answering:\n${stderr}`)));
  });
  failed.catch(() => undefined);
  let settled = false;
  const ready = (async () => {
    const deadline = Date.now() + timeoutMs;
    // Stops polling as soon as the race is decided (a server that died must not keep the loop alive).
    while (Date.now() < deadline) {
      if (settled || (await answers(`${endpoint}/moto-api/`))) {
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${command} did not answer on ${endpoint} within ${timeoutMs} ms:\n${stderr}`);
  })();
  const stop = stopper(child);
  try {
    await Promise.race([ready, failed]);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    settled = true;
  }
  return { endpoint, stop };
}
