// The bench's side-by-side peer: the "workshop-feedback" survey (consent, then up to 6 questions with the same
// branching and answer checks) as a Bot Framework JS SDK bot. CloudAdapter without app credentials (no Bot Framework
// authentication, as the bench runs the assistant's /api/messages), conversation and user state in MemoryStorage,
// every answer written to that storage as its own record. Replies come back in the response with
// deliveryMode "expectReplies".
//
//   PORT=3978 node index.js
'use strict';

const http = require('node:http');
const {
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
    ConversationState,
    MemoryStorage,
    UserState,
    MessageFactory,
    ActivityTypes,
} = require('botbuilder');

const texts = {
    en: {
        intro: 'Thank you for taking part in the stakeholder workshop organised by Innovative Sofia!\n\n' +
            "We'll ask you up to 6 short questions – about 2 minutes. The survey is anonymous.",
        consent: 'Do you agree to take part on these terms?',
        accept: 'I agree',
        decline: 'No, thanks',
        declined: 'All right, nothing was recorded.',
        hintConsent: 'Please choose "I agree" or "No, thanks".',
        progress: (n, m) => `Question ${n} of ${m}`,
        hintRating: 'Please answer with a number from 1 to 5.',
        hintChoice: 'Please choose one of the options.',
        thankYou: "Thank you for your feedback! We'll take it into account when preparing the next workshops.",
        unknown: 'Type /survey workshop-feedback to start the survey.',
    },
    bg: {
        intro: 'Благодарим, че участвахте в работната среща със заинтересовани страни, организирана от Иновативна София!\n\n' +
            'Ще Ви зададем до 6 кратки въпроса – около 2 минути. Анкетата е анонимна.',
        consent: 'Съгласни ли сте да участвате при тези условия?',
        accept: 'Съгласен/на съм',
        decline: 'Не, благодаря',
        declined: 'Добре, нищо не е записано.',
        hintConsent: 'Моля, изберете „Съгласен/на съм“ или „Не, благодаря“.',
        progress: (n, m) => `Въпрос ${n} от ${m}`,
        hintRating: 'Моля, отговорете с число от 1 до 5.',
        hintChoice: 'Моля, изберете един от отговорите.',
        thankYou: 'Благодарим за обратната връзка! Ще я вземем предвид при подготовката на следващите срещи.',
        unknown: 'Напишете /survey workshop-feedback, за да започнете анкетата.',
    },
};

const questions = [
    { id: 'overall-rating', type: 'rating', text: { en: 'How would you rate the workshop overall?', bg: 'Как оценявате работната среща като цяло?' } },
    { id: 'usefulness', type: 'rating', text: { en: 'How useful was the workshop for you or your organisation?', bg: 'Доколко срещата беше полезна за Вас или за организацията Ви?' } },
    { id: 'improve', type: 'free-text', maxLength: 1000, text: { en: 'What should we improve for the next workshops?', bg: 'Какво да подобрим при следващите срещи?' } },
    {
        id: 'join-again', type: 'choice', text: { en: 'Would you take part in a workshop like this again?', bg: 'Бихте ли участвали отново в такава среща?' },
        options: [{ id: 'yes', en: 'Yes', bg: 'Да' }, { id: 'no', en: 'No', bg: 'Не' }],
    },
    {
        id: 'preferred-format', type: 'choice', showIf: { question: 'join-again', anyOf: ['yes'] },
        text: { en: 'Which format would you prefer next time?', bg: 'Какъв формат предпочитате за следващата среща?' },
        options: [
            { id: 'online', en: 'Online', bg: 'Онлайн' },
            { id: 'in-person', en: 'In person', bg: 'На място' },
            { id: 'hybrid', en: 'Hybrid (online and in person)', bg: 'Смесен (онлайн и на място)' },
            { id: 'no-preference', en: 'No preference', bg: 'Без значение' },
        ],
    },
    {
        id: 'organisation-type', type: 'choice', text: { en: 'Whom did you represent at the workshop?', bg: 'Кого представлявахте на срещата?' },
        options: [
            { id: 'citizen', en: 'Myself, as a resident', bg: 'Себе си като гражданин' },
            { id: 'ngo', en: 'NGO / civil society', bg: 'НПО / гражданска организация' },
            { id: 'business', en: 'Business', bg: 'Бизнес' },
            { id: 'academia', en: 'Academia / research', bg: 'Академичните среди' },
            { id: 'public-admin', en: 'Public administration', bg: 'Публична администрация' },
            { id: 'other', en: 'Other', bg: 'Друго' },
        ],
    },
];

const normalise = (s) => s.normalize('NFKC').toLocaleLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

// An option matches when the answer is its text, its id, or the first word(s) of its text ("hybrid", "На място").
function matchOption(question, language, answer) {
    const said = normalise(answer);
    return question.options.find((o) => {
        const text = normalise(o[language]);
        return said.length > 0 && (text === said || o.id === said || text.startsWith(said + ' '));
    });
}

function shown(question, answers) {
    return !question.showIf || question.showIf.anyOf.includes(answers[question.showIf.question]);
}

function nextIndex(from, answers) {
    for (let i = from; i < questions.length; i++) {
        if (shown(questions[i], answers)) {
            return i;
        }
    }
    return -1;
}

function ask(index, language) {
    const question = questions[index];
    const t = texts[language];
    const text = `${t.progress(index + 1, questions.length)}: ${question.text[language]}`;
    if (question.type === 'rating') {
        return MessageFactory.suggestedActions(['1', '2', '3', '4', '5'], text);
    }
    if (question.type === 'choice') {
        return MessageFactory.suggestedActions(question.options.map((o) => o[language]), text);
    }
    return MessageFactory.text(text);
}

// The answer to a question, or undefined when it is not one (the question is asked again with a hint).
function read(question, language, answer) {
    if (question.type === 'rating') {
        const n = Number.parseInt(answer.trim(), 10);
        return String(n) === answer.trim() && n >= 1 && n <= 5 ? n : undefined;
    }
    if (question.type === 'choice') {
        return matchOption(question, language, answer)?.id;
    }
    const text = answer.trim();
    return text.length > 0 && text.length <= question.maxLength ? text : undefined;
}

const storage = new MemoryStorage();
const conversationState = new ConversationState(storage);
const userState = new UserState(storage);
const surveyProperty = conversationState.createProperty('survey');
const profileProperty = userState.createProperty('profile');
let answerNumber = 0;

async function onTurn(context) {
    if (context.activity.type !== ActivityTypes.Message) {
        return;
    }

    const language = (context.activity.locale || '').toLowerCase().startsWith('bg') ? 'bg' : 'en';
    const t = texts[language];
    const said = (context.activity.text || '').trim();
    const profile = await profileProperty.get(context, { language, surveysTaken: 0 });
    profile.language = language;
    const survey = await surveyProperty.get(context, { step: 'none', answers: {} });

    if (said === '/survey workshop-feedback') {
        survey.step = 'consent';
        survey.answers = {};
        await context.sendActivity(MessageFactory.text(t.intro));
        await context.sendActivity(MessageFactory.suggestedActions([t.accept, t.decline], t.consent));
    } else if (survey.step === 'consent') {
        const choice = normalise(said);
        if (choice === normalise(t.accept)) {
            survey.step = 0;
            await context.sendActivity(ask(0, language));
        } else if (choice === normalise(t.decline)) {
            survey.step = 'none';
            await context.sendActivity(MessageFactory.text(t.declined));
        } else {
            await context.sendActivity(MessageFactory.suggestedActions([t.accept, t.decline], t.hintConsent));
        }
    } else if (typeof survey.step === 'number') {
        const question = questions[survey.step];
        const value = read(question, language, said);
        if (value === undefined) {
            await context.sendActivity(MessageFactory.text(question.type === 'rating' ? t.hintRating : t.hintChoice));
            await context.sendActivity(ask(survey.step, language));
        } else {
            survey.answers[question.id] = value;
            // Each answer is stored as soon as it is given, as its own record.
            answerNumber += 1;
            await storage.write({
                [`answers/workshop-feedback/${answerNumber}`]: { question: question.id, value, answeredAt: new Date().toISOString() },
            });
            const next = nextIndex(survey.step + 1, survey.answers);
            if (next < 0) {
                survey.step = 'none';
                profile.surveysTaken += 1;
                await context.sendActivity(MessageFactory.text(t.thankYou));
            } else {
                survey.step = next;
                await context.sendActivity(ask(next, language));
            }
        }
    } else {
        await context.sendActivity(MessageFactory.text(t.unknown));
    }

    await conversationState.saveChanges(context);
    await userState.saveChanges(context);
}

// No app id and no password: the SDK runs without Bot Framework authentication (as the Bot Framework Emulator uses it).
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
adapter.onTurnError = async (context, error) => {
    console.error('turn failed:', error);
    await context.sendActivity('The bot encountered an error.');
};

// A minimal request and response for CloudAdapter.process (what restify or express would hand it), over node:http.
const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/health') {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
        return;
    }
    if (req.url !== '/api/messages') {
        res.writeHead(404).end();
        return;
    }
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
        let body;
        try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
            res.writeHead(400).end();
            return;
        }
        const response = {
            socket: res.socket,
            status(code) { res.statusCode = code; },
            header(name, value) { res.setHeader(name, value); },
            send(payload) {
                if (typeof payload === 'object') {
                    res.setHeader('Content-Type', 'application/json; charset=utf-8');
                    res.write(JSON.stringify(payload));
                } else {
                    res.write(String(payload));
                }
            },
            end() { res.end(); },
        };
        adapter.process({ body, headers: req.headers, method: req.method }, response, onTurn).catch((error) => {
            console.error(error);
            if (!res.headersSent) {
                res.writeHead(500);
            }
            res.end();
        });
    });
});

const port = Number.parseInt(process.env.PORT || '3978', 10);
server.keepAliveTimeout = 300_000;
server.listen(port, '127.0.0.1', () => console.log(`survey peer listening on http://127.0.0.1:${port}/api/messages`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
