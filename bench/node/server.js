// The peer the benchmarks compare with: /echo and the part of push.v1 the scenarios use (subscribe, publish,
// message with seq and time), on Node's ws, as a plain ws server would be written. No limits, no backpressure
// policy: ws buffers for a slow client without bound, which scenario 5 shows.
import { WebSocketServer } from 'ws';
import http from 'node:http';

const port = Number(process.argv[2] ?? 8090);
const server = http.createServer((req, res) => {
  res.writeHead(req.url === '/echo-push/' ? 200 : 404).end();
});
const echo = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 65536 });
const push = new WebSocketServer({
  noServer: true, perMessageDeflate: false, maxPayload: 65536,
  handleProtocols: (protocols) => (protocols.has('push.v1') ? 'push.v1' : false),
});
const topics = new Map(); // name → { subscribers: Set, seq }

echo.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});

push.on('connection', (ws) => {
  const mine = new Set();
  ws.on('message', (data) => {
    let request;
    try {
      request = JSON.parse(data.toString());
    } catch {
      ws.send(JSON.stringify({ type: 'error', reason: 'not JSON' }));
      return;
    }
    if (request.type === 'subscribe') {
      let topic = topics.get(request.topic);
      if (!topic) topics.set(request.topic, (topic = { subscribers: new Set(), seq: 0 }));
      topic.subscribers.add(ws);
      mine.add(request.topic);
      ws.send(JSON.stringify({ type: 'subscribed', topic: request.topic, subscribers: topic.subscribers.size }));
    } else if (request.type === 'publish') {
      const topic = topics.get(request.topic);
      if (!topic) return;
      const text = JSON.stringify({
        type: 'message', topic: request.topic, data: request.data, seq: ++topic.seq,
        time: new Date().toISOString(),
      });
      for (const subscriber of topic.subscribers) subscriber.send(text); // encoded once, as the WAR does
    }
  });
  ws.on('close', () => {
    for (const name of mine) {
      const topic = topics.get(name);
      topic?.subscribers.delete(ws);
      if (topic?.subscribers.size === 0) topics.delete(name);
    }
  });
});

server.on('upgrade', (req, socket, head) => {
  const target = req.url === '/echo-push/echo' ? echo : req.url === '/echo-push/push' ? push : null;
  if (!target) {
    socket.destroy();
    return;
  }
  target.handleUpgrade(req, socket, head, (ws) => target.emit('connection', ws, req));
});
server.listen(port, '127.0.0.1', () => console.log(`ws ${process.version} listening on ${port}`));
