#!/usr/bin/env node
// A real Direct Line 3.0 client run against the assistant: the npm package botframework-directlinejs (the library Web
// Chat itself uses), in Node instead of a browser. Usage:
//
//   node client.mjs <server base URL> <websocket|polling|reconnect> [text to send] [text the reply must contain]
//
// It gets a token from POST {base}/api/chat/token, connects with `new DirectLine({ token, domain, webSocket })`, posts
// one message as soon as the connection is Online (as Web Chat lets a user do) and waits for the greeting, for the
// echo of its own message (same channelData.clientActivityID, the id the POST answered, from the token's user) and for
// the bot's reply. On success it prints one JSON summary line to stdout and exits 0; on failure it prints the reason
// (and what it saw) to stderr and exits 1.
//
// `reconnect` (WebSocket) then drops the socket as a network failure would, posts a second message while it is down,
// and waits until DirectLineJS has reconnected on its own (GET /conversations/{id}?watermark=… for a new streamUrl)
// and received that message's echo and reply; it checks nothing already seen came again, and that the first streamUrl
// no longer opens a socket (stream URLs are single-use).
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { writeSync } from 'node:fs';

const require = createRequire(import.meta.url);

// DirectLineJS expects browser globals. It decides at construction time whether it may use WebSockets by looking at
// the global `WebSocket`, and its RxJS 5 ajax calls `new XMLHttpRequest()`. Node 20 has neither (only fetch).
const WS = require('ws');
// Every socket DirectLineJS opens, with its URL: the reconnect mode drops the first and counts the reconnects.
const sockets = [];
class TrackedWebSocket extends WS {
  constructor(url, ...rest) {
    super(url, ...rest);
    sockets.push({ url, socket: this });
  }
}
globalThis.WebSocket = TrackedWebSocket;
globalThis.XMLHttpRequest = require('xhr2');
const { DirectLine, ConnectionStatus } = require('botframework-directlinejs');

const [base, mode, text = 'помощ', expected = 'Ето как да разговаряте с мен'] = process.argv.slice(2);
const GREETING = 'Здравейте!';
const TIMEOUT_MS = mode === 'reconnect' ? 45_000 : 20_000;
const expectedTransport = mode === 'polling' ? 'polling' : 'websocket';

let finished = false;

/** Writes the line synchronously (so nothing is lost to process.exit) and ends the process. */
function exit(code, fd, line) {
  finished = true;
  writeSync(fd, line + '\n');
  process.exit(code);
}

function fail(message, details) {
  if (finished) {
    return;
  }
  const more = details === undefined ? '' : '\n' + JSON.stringify(details, null, 2);
  exit(1, 2, `directline-node client FAILED (${mode}): ${message}${more}`);
}

if (!base || !['websocket', 'polling', 'reconnect'].includes(mode)) {
  fail('usage: node client.mjs <server base URL> <websocket|polling|reconnect> [text] [expected reply text]');
}

const root = base.replace(/\/+$/, '');
const started = Date.now();

/** The claims of a JWT, without checking it (DirectLineJS does the same to find the user id). */
function claims(jwt) {
  const payload = jwt.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}

const tokenResponse = await fetch(`${root}/api/chat/token`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ locale: 'bg-BG' }),
}).catch((e) => fail(`POST /api/chat/token: ${e.message}`));
if (!tokenResponse.ok) {
  fail(`POST /api/chat/token answered ${tokenResponse.status}`, await tokenResponse.text());
}
const { token, conversationId } = await tokenResponse.json();
const userId = claims(token).user;
if (!userId) {
  fail('the token carries no `user` claim; DirectLineJS reads its user id from there', claims(token));
}

const directLine = new DirectLine({
  token,
  domain: `${root}/v3/directline`,
  webSocket: expectedTransport === 'websocket',
  pollingInterval: 200,
  // DirectLineJS waits 3 s + random() * 12 s before it reconnects; the shortest wait keeps the test short.
  ...(mode === 'reconnect' ? { random: () => 0 } : {}),
});
const transport = directLine.webSocket ? 'websocket' : 'polling';
if (transport !== expectedTransport) {
  fail(`DirectLineJS chose ${transport} although ${expectedTransport} was asked for`);
}

const clientActivityID = randomUUID();
const statuses = [];
const seen = [];
const seenIds = new Map();
let duplicates = 0;
let posted = false;
let postedId;
let greeting;
let echo;
let reply;
// The reconnect mode's second round: the message posted while the socket was down.
const clientActivityID2 = randomUUID();
let dropped = false;
let postedId2;
let echo2;
let reply2;

const timer = setTimeout(() => {
  fail(`timed out after ${TIMEOUT_MS} ms`, {
    statuses: statuses.map((s) => ConnectionStatus[s] ?? s),
    posted,
    postedId,
    greeting: Boolean(greeting),
    echo: Boolean(echo),
    reply: Boolean(reply),
    dropped,
    postedId2,
    echo2: Boolean(echo2),
    reply2: Boolean(reply2),
    sockets: sockets.map((s) => s.url.replace(/([?&]t=)[^&]+/, '$1…')),
    activities: seen.map((a) => ({ id: a.id, type: a.type, from: a.from, replyToId: a.replyToId, text: a.text?.slice(0, 80) })),
  });
}, TIMEOUT_MS);

function finishIfDone() {
  if (finished || !greeting || !echo || !reply || postedId === undefined) {
    return;
  }

  if (mode === 'reconnect') {
    if (!dropped) {
      dropSocketAndPostAgain();
      return;
    }
    if (!echo2 || !reply2 || postedId2 === undefined) {
      return;
    }
  }

  clearTimeout(timer);
  if (echo.id !== postedId) {
    fail(`the echo has id ${echo.id}, but the POST answered ${postedId}`);
  }

  if (echo.from?.id !== userId || echo.from?.role !== 'user') {
    fail('the echo is not from the token\'s user with role "user"', echo.from);
  }

  const summary = {
    ok: true,
    mode,
    transport,
    conversationId,
    conversationMatchesToken: directLine.conversationId === conversationId,
    userId,
    postedId,
    echoId: echo.id,
    echoText: echo.text,
    greeting: greeting.text.slice(0, 60),
    replyId: reply.id,
    replyToId: reply.replyToId ?? null,
    replyFromRole: reply.from?.role ?? null,
    replyText: reply.text.slice(0, 120),
    activities: seen.length,
    duplicates,
    statuses: statuses.map((s) => ConnectionStatus[s] ?? String(s)),
    elapsedMs: Date.now() - started,
  };
  if (mode !== 'reconnect') {
    finish(summary);
    return;
  }

  if (echo2.id !== postedId2) {
    fail(`the second echo has id ${echo2.id}, but the POST answered ${postedId2}`);
  }

  summary.postedId2 = postedId2;
  summary.echo2Id = echo2.id;
  summary.reply2ToId = reply2.replyToId ?? null;
  summary.reply2Text = reply2.text.slice(0, 120);
  summary.socketsOpened = sockets.length;
  summary.firstStreamUrlHasWatermark = /[?&]watermark=/.test(sockets[0].url);
  summary.secondStreamUrlHasWatermark = sockets.length > 1 && /[?&]watermark=\d+/.test(sockets[1].url);
  summary.secondStreamUrlIsNew = sockets.length > 1 && sockets[1].url !== sockets[0].url;
  // The first stream URL again, now that it has opened its socket: the server must refuse it.
  const again = new WS(sockets[0].url);
  again.on('open', () => {
    again.terminate();
    finish({ ...summary, firstStreamUrlAgain: 101 });
  });
  again.on('unexpected-response', (_request, response) => {
    finish({ ...summary, firstStreamUrlAgain: response.statusCode });
  });
  again.on('error', (error) => {
    if (!finished) {
      fail(`reopening the first stream URL failed without an HTTP answer: ${error.message}`);
    }
  });
}

function finish(summary) {
  finished = true; // end() below reports Ended, which is expected now
  directLine.end();
  exit(0, 1, JSON.stringify(summary));
}

/** The reconnect mode: the socket goes away (as on a network change) and a message is posted while it is down. */
function dropSocketAndPostAgain() {
  dropped = true;
  if (sockets.length !== 1) {
    fail(`expected one open socket before the drop, saw ${sockets.length}`);
  }
  sockets[0].socket.terminate();
  post(clientActivityID2, (id) => {
    postedId2 = id;
  });
}

function post(activityKey = clientActivityID, onId = (id) => {
  postedId = id;
}) {
  posted = true;
  directLine
    .postActivity({
      type: 'message',
      from: { id: userId, role: 'user' },
      text,
      locale: 'bg-BG',
      textFormat: 'plain',
      channelData: { clientActivityID: activityKey },
    })
    .subscribe(
      (id) => {
        if (id === 'retry') {
          fail('postActivity emitted "retry" (the POST failed with a network error, 403 or 5xx)');
        }
        onId(id);
        finishIfDone();
      },
      (error) => fail(`postActivity failed: HTTP ${error?.status ?? '?'} ${error?.message ?? error}`, error?.response),
    );
}

directLine.connectionStatus$.subscribe((status) => {
  statuses.push(status);
  if (status === ConnectionStatus.Online && !posted) {
    // Web Chat enables its send box at Online; post right away, as a quick user would (the stream may not be open yet).
    post();
  }
  if (status === ConnectionStatus.FailedToConnect || status === ConnectionStatus.ExpiredToken || status === ConnectionStatus.Ended) {
    fail(`connection status became ${ConnectionStatus[status]}`, { statuses: statuses.map((s) => ConnectionStatus[s] ?? s) });
  }
});

directLine.activity$.subscribe(
  (activity) => {
    seen.push(activity);
    if (activity.id) {
      if (seenIds.has(activity.id)) {
        duplicates++;
      }
      seenIds.set(activity.id, activity);
    }

    const body = typeof activity.text === 'string' ? activity.text : '';
    const fromUser = activity.from?.role === 'user' || activity.from?.id === userId;
    if (!greeting && activity.type === 'message' && !fromUser && body.includes(GREETING)) {
      greeting = activity;
    }

    if (activity.type === 'message' && activity.channelData?.clientActivityID === clientActivityID && activity.id) {
      echo = activity;
    }

    if (!reply && activity.type === 'message' && !fromUser && body.includes(expected)) {
      reply = activity;
    }

    if (activity.type === 'message' && activity.channelData?.clientActivityID === clientActivityID2 && activity.id) {
      echo2 = activity;
    }

    if (!reply2 && echo2 && activity.type === 'message' && !fromUser && activity.replyToId === echo2.id) {
      reply2 = activity;
    }

    finishIfDone();
  },
  (error) => fail(`activity$ errored: ${error?.message ?? error}`),
);
