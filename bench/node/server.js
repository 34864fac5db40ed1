// The peer the benchmarks compare with: /echo and the part of push.v1 the scenarios use (subscribe, publish,
// message with seq and time), on Node's ws, as a plain ws server would be written. No limits, no backpressure
// policy: ws buffers for a slow client without bound, which scenario 5 shows. /events (issue 21): the same
// topics as Server-Sent Events on Node's plain http module, one write per event and subscriber.
import { WebSocketServer } from 'ws';
import http from 'node:http';

const port = Number(process.argv[2] ?? 8090);
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/echo-push/events') events(url.searchParams.getAll('topic'), res);
  else res.writeHead(url.pathname === '/echo-push/' ? 200 : 404).end();
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
      const topic = subscribe(request.topic, ws);
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
  ws.on('close', () => leave(ws, mine));
});

function subscribe(name, subscriber) {
  let topic = topics.get(name);
  if (!topic) topics.set(name, (topic = { subscribers: new Set(), seq: 0 }));
  topic.subscribers.add(subscriber);
  return topic;
}

function leave(subscriber, names) {
  for (const name of names) {
    const topic = topics.get(name);
    topic?.subscribers.delete(subscriber);
    if (topic?.subscribers.size === 0) topics.delete(name);
  }
}

// A stream of the given topics: each message an unnamed event with the topic's position as its id, as the WAR
// writes it (one topic per stream here); a subscriber that does not read is buffered without bound, as ws does.
function events(names, res) {
  if (names.length === 0) {
    res.writeHead(400).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
  res.write('retry: 3000\n\n');
  const stream = { send: (text) => res.write(`id: ${names[0]}:${topics.get(names[0])?.seq}\ndata: ${text}\n\n`) };
  for (const name of names) {
    const topic = subscribe(name, stream);
    res.write(`event: subscribed\ndata: ${JSON.stringify({ type: 'subscribed', topic: name,
      subscribers: topic.subscribers.size })}\n\n`);
  }
  res.on('close', () => leave(stream, names));
}

server.on('upgrade', (req, socket, head) => {
  const target = req.url === '/echo-push/echo' ? echo : req.url === '/echo-push/push' ? push : null;
  if (!target) {
    socket.destroy();
    return;
  }
  target.handleUpgrade(req, socket, head, (ws) => target.emit('connection', ws, req));
});
server.listen(port, '127.0.0.1', () => console.log(`ws ${process.version} listening on ${port}`));
