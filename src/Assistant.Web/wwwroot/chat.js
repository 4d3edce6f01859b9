// The chat page: asks this server for a conversation token (never a secret; the server knows the participant from its
// own HttpOnly cookie and resumes their last conversation), and renders the official Web Chat bundle against our
// Direct Line endpoint. The header's language buttons switch the page and the assistant at once.
(function () {
  'use strict';

  var TEXT = {
    bg: {
      title: 'Асистент на Иновативна София',
      subtitle: 'Въпроси за Intelligent Cities Challenge, дигиталната стратегия на София и анкети за гражданско участие',
      connecting: 'Свързване…',
      failed: 'Не успяхме да се свържем.',
      dropped: 'Връзката прекъсна.',
      retry: 'Опитайте отново',
      reconnect: 'Свържете се отново',
      forgotten: 'Данните Ви са изтрити. Следващият разговор ще започне на чисто.',
      privacy: 'Разговорът се пази, за да продължи и при следващото Ви посещение. Напишете /mydata, за да видите какво знаем за Вас.',
      privacyLink: 'Поверителност',
      cityLink: 'Столична община',
      links: 'Връзки',
      'new': 'Нов разговор',
      chat: 'Чат',
      locale: 'bg-BG'
    },
    en: {
      title: 'Innovative Sofia Assistant',
      subtitle: "Questions about the Intelligent Cities Challenge, Sofia's digital strategy, and participation surveys",
      connecting: 'Connecting…',
      failed: 'We could not connect.',
      dropped: 'The connection was lost.',
      retry: 'Try again',
      reconnect: 'Reconnect',
      forgotten: 'Your data has been erased. The next conversation starts afresh.',
      privacy: 'The conversation is kept so it continues on your next visit. Type /mydata to see what we know about you.',
      privacyLink: 'Privacy',
      cityLink: 'Sofia Municipality',
      links: 'Links',
      'new': 'New conversation',
      chat: 'Chat',
      locale: 'en-US'
    }
  };
  var LANG_KEY = 'assistant.lang';
  var NEW_KEY = 'assistant.new-conversation';
  var LANGUAGE_EVENT = 'assistant.language';
  var INVITATION_EVENT = 'assistant.invitation';
  // DirectLineJS connection states.
  var ONLINE = 2;
  var FAILED_TO_CONNECT = 4;
  var ENDED = 5;
  var LOST_AFTER_MS = 5000;

  // Storage may be refused (a frame on another site with third-party storage blocked): the page then just forgets.
  function stored(storage, key) {
    try { return window[storage].getItem(key); } catch (e) { return null; }
  }
  function store(storage, key, value) {
    try {
      if (value === null) { window[storage].removeItem(key); } else { window[storage].setItem(key, value); }
    } catch (e) { /* not kept */ }
  }

  var lang = initialLanguage();
  var statusBox = document.getElementById('status');
  var statusText = document.getElementById('status-text');
  var statusAction = document.getElementById('status-action');
  var chat = null; // { directLine, store, conversationId }
  var invitation = takeInvitation();

  // An invitation link (/?i=<code>) starts its survey once the chat is connected. The code leaves the address at once,
  // so reloading the page does not open the invitation again.
  function takeInvitation() {
    var code = new URLSearchParams(location.search).get('i');
    if (code === null) { return null; }
    try {
      var url = new URL(location.href);
      url.searchParams.delete('i');
      history.replaceState(null, '', url.pathname + url.search + url.hash);
    } catch (e) { /* the address keeps it */ }
    return /^[A-Za-z0-9_-]{1,64}$/.test(code) ? code : null;
  }

  // The first visit follows the browser's languages (its Accept-Language); Bulgarian when neither is listed.
  function initialLanguage() {
    var saved = stored('localStorage', LANG_KEY);
    if (saved === 'bg' || saved === 'en') { return saved; }
    var preferred = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ''];
    for (var i = 0; i < preferred.length; i++) {
      if (/^bg\b/i.test(preferred[i])) { return 'bg'; }
      if (/^en\b/i.test(preferred[i])) { return 'en'; }
    }
    return 'bg';
  }

  function t(key) { return TEXT[lang][key]; }

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.title = t('title');
    var statusKey = statusText.getAttribute('data-status');
    statusText.textContent = statusKey ? t(statusKey) : '';
    var actionKey = statusAction.getAttribute('data-action');
    if (actionKey) { statusAction.textContent = t(actionKey); }
    document.querySelectorAll('[data-i18n]').forEach(function (el) {
      if (el === statusText) { return; }
      el.textContent = t(el.getAttribute('data-i18n'));
    });
    document.querySelectorAll('[data-i18n-label]').forEach(function (el) {
      el.setAttribute('aria-label', t(el.getAttribute('data-i18n-label')));
    });
    document.getElementById('webchat').setAttribute('aria-label', t('chat'));
    document.getElementById('privacy-link').setAttribute('href', '/privacy?lang=' + lang);
    document.querySelectorAll('.lang-switch button').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-lang') === lang));
    });
  }

  function showStatus(key, actionKey, action, isError) {
    statusText.setAttribute('data-status', key || '');
    statusText.textContent = key ? t(key) : '';
    statusBox.classList.toggle('error', !!isError);
    if (actionKey) {
      statusAction.textContent = t(actionKey);
      statusAction.setAttribute('data-action', actionKey);
      statusAction.onclick = action;
      statusAction.hidden = false;
    } else {
      statusAction.hidden = true;
      statusAction.onclick = null;
    }
  }

  async function requestToken(newConversation) {
    var r = await fetch('/api/chat/token', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ locale: t('locale'), remember: true, newConversation: !!newConversation })
    });
    if (!r.ok) { throw new Error('token ' + r.status); }
    return r.json();
  }

  function styleOptions() {
    return {
      hideUploadButton: true,
      bubbleBorderRadius: 8,
      bubbleFromUserBorderRadius: 8,
      botAvatarInitials: 'ИС',
      accent: '#0b5cab',
      subtle: '#515d6b',
      // Every option visible: the buttons wrap onto as many lines as they need instead of one scrolling row.
      suggestedActionLayout: 'flow',
      suggestedActionsFlowMaxHeight: 'none',
      suggestedActionHeight: 36,
      suggestedActionBorderRadius: 8
    };
  }

  function render() {
    window.WebChat.renderWebChat({
      directLine: chat.directLine,
      store: chat.store,
      locale: t('locale'),
      styleOptions: styleOptions()
    }, document.getElementById('webchat'));
  }

  function createStore() {
    return window.WebChat.createStore({}, function (api) {
      return function (next) {
        return function (action) {
          if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED' && invitation) {
            var code = invitation;
            invitation = null;
            var result = next(action);
            api.dispatch({ type: 'WEB_CHAT/SEND_EVENT', payload: { name: INVITATION_EVENT, value: code } });
            return result;
          }
          if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY') {
            var data = action.payload && action.payload.activity && action.payload.activity.channelData;
            if (data && data.assistant && data.assistant.participantErased) { forgetParticipant(); }
          }
          return next(action);
        };
      };
    });
  }

  // After /forget the server has erased everything; the cookie that named the participant goes too.
  function forgetParticipant() {
    fetch('/api/chat/forget', { method: 'POST', credentials: 'same-origin' }).catch(function () {});
    store('sessionStorage', NEW_KEY, '1');
    showStatus('forgotten', 'new', startNewConversation, false);
  }

  async function connect(newConversation) {
    showStatus('connecting');
    var session;
    try {
      session = await requestToken(newConversation);
    } catch (e) {
      showStatus('failed', 'retry', function () { connect(newConversation); }, true);
      return;
    }
    if (session.language && session.language !== lang && TEXT[session.language]) {
      // The assistant speaks this participant's language (chosen earlier, perhaps by typing "English"): so does the page.
      lang = session.language;
      store('localStorage', LANG_KEY, lang);
      applyLanguage();
    }
    if (chat) { chat.directLine.end(); }
    var current = { conversationId: session.conversationId, store: createStore() };
    var lostTimer = null;
    function lost() {
      clearTimeout(lostTimer);
      lostTimer = null;
      if (chat === current) { showStatus('dropped', 'reconnect', function () { connect(false); }, true); }
    }
    // Web Chat keeps retrying a dropped stream on its own, quietly and for a long time; when the stream has not come
    // back within a few seconds, the page says so and offers to reconnect.
    var NativeWebSocket = window.WebSocket;
    function TrackedWebSocket(url) {
      var socket = new NativeWebSocket(url);
      socket.addEventListener('open', function () {
        clearTimeout(lostTimer);
        lostTimer = null;
        if (chat === current && statusText.getAttribute('data-status') === 'dropped') { showStatus(null); }
      });
      socket.addEventListener('close', function () {
        if (chat === current && !lostTimer) { lostTimer = setTimeout(lost, LOST_AFTER_MS); }
      });
      return socket;
    }
    TrackedWebSocket.CONNECTING = 0;
    TrackedWebSocket.OPEN = 1;
    TrackedWebSocket.CLOSING = 2;
    TrackedWebSocket.CLOSED = 3;
    // Direct Line takes the WebSocket class from the global name when it is created (Web Chat's createDirectLine
    // passes no other), so it is lent the tracking one for that moment only.
    window.WebSocket = TrackedWebSocket;
    try {
      current.directLine = window.WebChat.createDirectLine({
        domain: location.origin + '/v3/directline',
        token: session.token,
        conversationId: session.conversationId,
        // Set when resuming a long conversation: the stream starts with its recent history instead of all of it.
        watermark: session.watermark,
        webSocket: true
      });
    } finally {
      window.WebSocket = NativeWebSocket;
    }
    chat = current;
    window.assistantChat = { conversationId: session.conversationId, resumed: session.resumed };
    current.directLine.connectionStatus$.subscribe(function (status) {
      if (chat !== current) { return; }
      if (status === ONLINE) {
        if (statusText.getAttribute('data-status') === 'connecting') { showStatus(null); }
      } else if (status === FAILED_TO_CONNECT || status === ENDED) {
        lost();
      }
    });
    render();
  }

  function startNewConversation() {
    store('sessionStorage', NEW_KEY, null);
    connect(true);
  }

  function switchLanguage(next) {
    if (next === lang) { return; }
    lang = next;
    store('localStorage', LANG_KEY, lang);
    applyLanguage();
    if (!chat) { return; }
    render();
    // The assistant switches too: it answers in the new language at once and remembers the choice.
    chat.store.dispatch({
      type: 'DIRECT_LINE/POST_ACTIVITY',
      meta: { method: 'code' },
      payload: { activity: { type: 'event', name: LANGUAGE_EVENT, value: lang, locale: t('locale') } }
    });
  }

  document.querySelectorAll('.lang-switch button').forEach(function (b) {
    b.addEventListener('click', function () { switchLanguage(b.getAttribute('data-lang')); });
  });
  document.getElementById('new-conversation').addEventListener('click', startNewConversation);

  applyLanguage();
  connect(stored('sessionStorage', NEW_KEY) === '1');
  store('sessionStorage', NEW_KEY, null);
}());
