import net from "node:net";

/**
 * A TCP proxy in front of PostgreSQL that can stall: connections stay open but no byte moves,
 * as when the database host freezes or the network between drops packets (the failure a
 * stopped database does not show: nothing is refused, everything just waits). `resume()`
 * lets the held bytes through, as TCP retransmission would once the network is back.
 */
export interface StallProxy {
  port: number;
  stall(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startStallProxy(targetPort: number): Promise<StallProxy> {
  let stalled = false;
  const pairs = new Set<[net.Socket, net.Socket | null]>();
  const held: (() => void)[] = [];

  const server = net.createServer((client) => {
    const pair: [net.Socket, net.Socket | null] = [client, null];
    pairs.add(pair);
    client.on("error", () => undefined);
    client.on("close", () => {
      pair[1]?.destroy();
      pairs.delete(pair);
    });
    const connect = () => {
      if (client.destroyed) return;
      const upstream = net.connect(targetPort, "127.0.0.1");
      pair[1] = upstream;
      upstream.on("error", () => client.destroy());
      upstream.on("close", () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      if (stalled) {
        client.pause();
        upstream.pause();
      }
    };
    if (stalled) {
      client.pause();
      held.push(connect);
    } else {
      connect();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

  return {
    port: (server.address() as net.AddressInfo).port,
    stall() {
      stalled = true;
      for (const [client, upstream] of pairs) {
        client.pause();
        upstream?.pause();
      }
    },
    resume() {
      stalled = false;
      for (const [client, upstream] of pairs) {
        client.resume();
        upstream?.resume();
      }
      for (const connect of held.splice(0)) connect();
    },
    async close() {
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream?.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
