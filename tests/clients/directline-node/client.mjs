#!/usr/bin/env node
// A real Direct Line 3.0 client run against the assistant: the npm package botframework-directlinejs (the library Web
// Chat itself uses), in Node instead of a browser. Usage:
//
//   node client.mjs <server base URL> <websocket|polling> [text to send] [text the reply must contain]
//
// It gets a token from POST {base}/api/chat/token, connects with `new DirectLine({ token, domain, webSocket })`, posts
// one message as soon as the connection is Online (as Web Chat lets a user do) and waits for the greeting, for the
// echo of its own message (same channelData.clientActivityID, the id the POST answered, from the token's user) and for
// the bot's reply. On success it prints one JSON summary line to stdout and exits 0; on failure it prints the reason
// (and what it saw) to stderr and exits 1.
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { writeSync } from 'node:fs';

const require = createRequire(import.meta.url);

// DirectLineJS expects browser globals. It decides at construction time whether it may use WebSockets by looking at
// the global `WebSocket`, and its RxJS 5 ajax calls `new XMLHttpRequest()`. Node 20 has neither (only fetch).
globalThis.WebSocket = require('ws');
globalThis.XMLHttpRequest = require('xhr2');
const { DirectLine, ConnectionStatus } = require('botframework-directlinejs');

const [base, mode, text = 'помощ', expected = 'Ето как да разговаряте с мен'] = process.argv.slice(2);
const GREETING = 'Здравейте!';
const TIMEOUT_MS = 20_000;

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

if (!base || !['websocket', 'polling'].includes(mode)) {
  fail('usage: node client.mjs <server base URL> <websocket|polling> [text] [expected reply text]');
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
  webSocket: mode === 'websocket',
  pollingInterval: 200,
});
const transport = directLine.webSocket ? 'websocket' : 'polling';
if (transport !== mode) {
  fail(`DirectLineJS chose ${transport} although ${mode} was asked for`);
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

const timer = setTimeout(() => {
  fail(`timed out after ${TIMEOUT_MS} ms`, {
    statuses: statuses.map((s) => ConnectionStatus[s] ?? s),
    posted,
    postedId,
    greeting: Boolean(greeting),
    echo: Boolean(echo),
    reply: Boolean(reply),
    activities: seen.map((a) => ({ id: a.id, type: a.type, from: a.from, replyToId: a.replyToId, text: a.text?.slice(0, 80) })),
  });
}, TIMEOUT_MS);

function finishIfDone() {
  if (finished || !greeting || !echo || !reply || postedId === undefined) {
    return;
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
  finished = true; // end() below reports Ended, which is expected now
  directLine.end();
  exit(0, 1, JSON.stringify(summary));
}

function post() {
  posted = true;
  directLine
    .postActivity({
      type: 'message',
      from: { id: userId, role: 'user' },
      text,
      locale: 'bg-BG',
      textFormat: 'plain',
      channelData: { clientActivityID },
    })
    .subscribe(
      (id) => {
        if (id === 'retry') {
          fail('postActivity emitted "retry" (the POST failed with a network error, 403 or 5xx)');
        }
        postedId = id;
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

    finishIfDone();
  },
  (error) => fail(`activity$ errored: ${error?.message ?? error}`),
);
