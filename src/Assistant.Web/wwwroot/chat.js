// The chat page: gets a conversation token from this server (never a secret), keeps it so a reload continues the
// conversation, and renders the official Web Chat bundle against our Direct Line endpoint.
(function () {
  'use strict';

  var TEXT = {
    bg: {
      title: 'Асистент на Иновативна София',
      subtitle: 'Въпроси за Intelligent Cities Challenge, дигиталната стратегия на София и анкети за гражданско участие',
      connecting: 'Свързване…',
      failed: 'Не успяхме да се свържем. Опитайте отново след малко.',
      privacy: 'Разговорът се пази, за да продължи и след презареждане на страницата. Напишете /mydata, за да видите какво знаем за Вас.',
      'new': 'Нов разговор',
      chat: 'Чат',
      lang: 'bg', locale: 'bg-BG'
    },
    en: {
      title: 'Innovative Sofia Assistant',
      subtitle: "Questions about the Intelligent Cities Challenge, Sofia's digital strategy, and participation surveys",
      connecting: 'Connecting…',
      failed: 'We could not connect. Please try again in a moment.',
      privacy: 'The conversation is kept so it continues after a page reload. Type /mydata to see what we know about you.',
      'new': 'New conversation',
      chat: 'Chat',
      lang: 'en', locale: 'en-US'
    }
  };
  var SESSION_KEY = 'assistant.session';
  var LANG_KEY = 'assistant.lang';
  var lang = localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'bg';
  var status = document.getElementById('status');

  function t(key) { return TEXT[lang][key]; }

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.title = t('title');
    document.querySelectorAll('[data-i18n]').forEach(function (el) {
      if (el.id === 'status' && el.textContent === '') { return; }
      el.textContent = t(el.getAttribute('data-i18n'));
    });
    document.getElementById('webchat').setAttribute('aria-label', t('chat'));
    document.querySelectorAll('.lang-switch button').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-lang') === lang));
    });
  }

  function loadSession() {
    try { return JSON.parse(localStorage.getItem(SESSION_KEY) || 'null'); } catch (e) { return null; }
  }

  function saveSession(session) { localStorage.setItem(SESSION_KEY, JSON.stringify(session)); }

  async function refresh(session) {
    var r = await fetch('/v3/directline/tokens/refresh', { method: 'POST', headers: { Authorization: 'Bearer ' + session.token } });
    if (!r.ok) { return null; }
    var body = await r.json();
    return { token: body.token, conversationId: body.conversationId };
  }

  async function newSession() {
    var r = await fetch('/api/chat/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ locale: t('locale') })
    });
    if (!r.ok) { throw new Error('token ' + r.status); }
    var body = await r.json();
    return { token: body.token, conversationId: body.conversationId };
  }

  async function session() {
    var saved = loadSession();
    var current = saved && saved.token ? await refresh(saved).catch(function () { return null; }) : null;
    current = current || await newSession();
    saveSession(current);
    return current;
  }

  async function start() {
    applyLanguage();
    try {
      var s = await session();
      var directLine = window.WebChat.createDirectLine({
        domain: location.origin + '/v3/directline',
        token: s.token,
        conversationId: s.conversationId,
        webSocket: true
      });
      // Keep the stored token fresh so a reload within its lifetime continues the same conversation.
      setInterval(function () {
        refresh(loadSession() || s).then(function (next) { if (next) { saveSession(next); } }).catch(function () {});
      }, 10 * 60 * 1000);
      window.WebChat.renderWebChat({
        directLine: directLine,
        locale: t('locale'),
        styleOptions: { hideUploadButton: true, bubbleBorderRadius: 8, bubbleFromUserBorderRadius: 8, botAvatarInitials: 'IS', accent: '#0b5cab' }
      }, document.getElementById('webchat'));
      status.textContent = '';
    } catch (e) {
      status.textContent = t('failed');
      status.classList.add('error');
    }
  }

  document.querySelectorAll('.lang-switch button').forEach(function (b) {
    b.addEventListener('click', function () {
      var next = b.getAttribute('data-lang');
      if (next === lang) { return; }
      localStorage.setItem(LANG_KEY, next);
      location.reload();
    });
  });
  document.getElementById('new-conversation').addEventListener('click', function () {
    localStorage.removeItem(SESSION_KEY);
    location.reload();
  });

  start();
}());
