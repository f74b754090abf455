// natscap's console. Plain JavaScript, no build step. Every text from the server goes into the page
// through text nodes (el() below), never as markup: a message body holding <script> shows as text.
'use strict';

const STATUSES = ['Failed', 'Scheduled', 'Queued', 'Delayed', 'Succeeded'];
let session = null;
let timers = [];

function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
        if (value === undefined || value === null || value === false) continue;
        if (key.startsWith('on')) node.addEventListener(key.substring(2), value);
        else if (key === 'className') node.className = value;
        else node.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children.flat()) {
        if (child === null || child === undefined) continue;
        node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
}

function svg(tag, attributes, ...children) {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
    children.flat().forEach(c => node.appendChild(c instanceof Node ? c : document.createTextNode(String(c))));
    return node;
}

async function api(path, options) {
    const init = Object.assign({credentials: 'same-origin', headers: {'Accept': 'application/json'}}, options || {});
    if (init.method && init.method !== 'GET') {
        init.headers['Content-Type'] = 'application/json';
        init.headers[session.csrfHeader] = session.csrfToken;
    }
    const response = await fetch('api/' + path, init);
    const type = response.headers.get('Content-Type') || '';
    if (!type.includes('json')) {
        // The API answers JSON only; anything else that is not an error is the login page (forwarded
        // to, or redirected to): the session is gone. Stop polling and load the console's page, so that
        // the request the container keeps for after the login is that page, not one of these calls.
        if (response.ok || response.redirected || response.status === 401) { stopTimers(); location.href = './'; }
        throw new Error('HTTP ' + response.status + ' from ' + path);
    }
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || ('HTTP ' + response.status));
    return body;
}

function notice(text, isError) {
    const box = document.getElementById('notice');
    box.textContent = text;
    box.className = isError ? 'error' : '';
    box.hidden = false;
}

function show(...nodes) {
    const view = document.getElementById('view');
    // as el(): nested arrays are flattened and absent parts (null) left out, never shown as text
    view.replaceChildren(...nodes.flat().filter(node => node !== null && node !== undefined));
}

function every(millis, task) {
    const run = () => task().catch(e => notice('Cannot refresh: ' + e.message, true));
    run();
    timers.push(setInterval(run, millis));
}

function when(iso) {
    return iso ? new Date(iso).toLocaleString() : '';
}

function age(seconds) {
    if (seconds < 120) return seconds + ' s';
    if (seconds < 7200) return Math.round(seconds / 60) + ' min';
    return Math.round(seconds / 3600) + ' h';
}

function statusCell(status) {
    return el('span', {className: 'status status-' + status}, status);
}

// --- overview -------------------------------------------------------------------------------

function countsCard(title, counts, kind) {
    return el('div', {className: 'card', id: 'counts-' + kind},
        el('h3', {}, title),
        el('div', {className: 'big'}, counts.total),
        el('table', {}, STATUSES.map(s => el('tr', {},
            el('td', {}, el('a', {href: '#' + kind + '?status=' + s}, statusCell(s))),
            el('td', {className: 'num', 'data-status': s}, counts[s])))));
}

function lineChart(seconds) {
    const width = 600, height = 120, max = Math.max(1, ...seconds.map(s => Math.max(s.published, s.succeeded)));
    const line = (key, color) => svg('polyline', {
        fill: 'none', stroke: color, 'stroke-width': 1.5,
        points: seconds.map((s, i) => (i * width / (seconds.length - 1)).toFixed(1) + ',' + (height - s[key] * height / max).toFixed(1)).join(' ')
    });
    return svg('svg', {class: 'chart', viewBox: '0 0 ' + width + ' ' + height, preserveAspectRatio: 'none'},
        line('published', '#0969da'), line('succeeded', '#1a7f37'), line('failed', '#cf222e'));
}

function barChart(hours) {
    const width = 600, height = 120, slot = width / 24;
    const start = new Date(); start.setMinutes(0, 0, 0); start.setHours(start.getHours() - 23);
    const byHour = new Map(hours.map(h => [new Date(h.hour).getTime(), h]));
    const values = [];
    for (let i = 0; i < 24; i++) {
        const h = byHour.get(start.getTime() + i * 3600000);
        values.push({published: h ? h.published.total : 0, received: h ? h.received.total : 0,
            failed: h ? h.published.Failed + h.received.Failed : 0});
    }
    const max = Math.max(1, ...values.map(v => Math.max(v.published, v.received)));
    const bars = [];
    values.forEach((v, i) => {
        const x = i * slot;
        bars.push(svg('rect', {x: x + 1, width: slot / 2 - 1, y: height - v.published * height / max,
            height: v.published * height / max, fill: '#0969da'}, svg('title', {}, v.published + ' published')));
        bars.push(svg('rect', {x: x + slot / 2, width: slot / 2 - 1, y: height - v.received * height / max,
            height: v.received * height / max, fill: '#1a7f37'}, svg('title', {}, v.received + ' received')));
    });
    return svg('svg', {class: 'chart', viewBox: '0 0 ' + width + ' ' + height, preserveAspectRatio: 'none'}, bars);
}

function overview() {
    const cards = el('div', {className: 'cards'});
    const live = el('div', {id: 'live'});
    const daily = el('div', {id: 'daily'});
    const loops = el('div', {id: 'processors'});
    show(el('h2', {}, 'Overview'), cards,
        el('h2', {}, 'Messages per second, last 5 minutes (this instance)'),
        el('div', {className: 'legend'}, el('span', {className: 'muted'}, '— published'),
            el('span', {className: 'up'}, '— succeeded in a subscriber'), el('span', {className: 'down'}, '— failed')), live,
        el('h2', {}, 'Messages per hour, last 24 hours'),
        el('div', {className: 'legend'}, el('span', {className: 'muted'}, 'left bar: published'),
            el('span', {className: 'up'}, 'right bar: received')), daily,
        el('h2', {}, 'Background loops'), loops);
    every(2000, async () => {
        const o = await api('overview');
        cards.replaceChildren(
            countsCard('Published', o.published, 'published'),
            countsCard('Received', o.received, 'received'),
            el('div', {className: 'card', id: 'backlog'}, el('h3', {}, 'Backlog (still to send)'),
                el('div', {className: 'big'}, o.backlog.messages),
                el('div', {className: 'muted'}, 'oldest waited ' + age(o.backlog.oldestAgeSeconds))),
            el('div', {className: 'card', id: 'transport'}, el('h3', {}, 'NATS'),
                el('div', {className: 'big ' + (o.nats.connected ? 'up' : 'down')}, o.nats.connected ? 'up' : 'down'),
                el('div', {className: 'muted'}, o.nats.detail),
                o.transportDown ? el('div', {className: 'down'}, 'the outbox is waiting for NATS') : null));
        loops.replaceChildren(el('table', {},
            el('tr', {}, el('th', {}, 'Loop'), el('th', {className: 'num'}, 'Every'), el('th', {}, 'Last pass'), el('th', {}, 'State')),
            o.processors.map(p => el('tr', {}, el('td', {}, p.name), el('td', {className: 'num'}, p.intervalSeconds + ' s'),
                el('td', {}, when(p.lastPassEnded)),
                el('td', {className: p.stalled || p.lastPassFailed ? 'down' : 'up'},
                    p.stalled ? 'stalled' : p.lastPassFailed ? 'last pass failed' : 'running')))));
        live.replaceChildren(lineChart((await api('overview/rates')).seconds));
    });
    every(60000, async () => daily.replaceChildren(barChart((await api('overview/hourly')).hours)));
}

// --- lists ------------------------------------------------------------------------------------

function query(hash) {
    const at = hash.indexOf('?');
    return new URLSearchParams(at < 0 ? '' : hash.substring(at + 1));
}

function toInstant(local) {
    return local ? new Date(local).toISOString() : '';
}

async function list(kind, params) {
    const received = kind === 'received';
    const filters = el('form', {className: 'filters', id: 'filters'},
        el('label', {}, 'Status', el('select', {name: 'status'}, el('option', {value: ''}, 'any'),
            STATUSES.map(s => el('option', {value: s, selected: params.get('status') === s}, s)))),
        el('label', {}, 'Name', el('input', {name: 'name', value: params.get('name') || '', placeholder: 'orders.created'})),
        received ? el('label', {}, 'Group', el('input', {name: 'group', value: params.get('group') || ''})) : null,
        el('label', {}, 'Added from', el('input', {name: 'from', type: 'datetime-local', value: params.get('fromLocal') || ''})),
        el('label', {}, 'Added before', el('input', {name: 'to', type: 'datetime-local', value: params.get('toLocal') || ''})),
        el('button', {type: 'submit', className: 'primary'}, 'Filter'));
    filters.addEventListener('submit', event => {
        event.preventDefault();
        const form = new FormData(filters), next = new URLSearchParams();
        for (const key of ['status', 'name', 'group']) if (form.get(key)) next.set(key, form.get(key));
        if (form.get('from')) next.set('fromLocal', form.get('from'));
        if (form.get('to')) next.set('toLocal', form.get('to'));
        location.hash = kind + '?' + next;
    });
    const api_ = new URLSearchParams();
    for (const key of ['status', 'name', 'group', 'before']) if (params.get(key)) api_.set(key, params.get(key));
    if (params.get('fromLocal')) api_.set('from', toInstant(params.get('fromLocal')));
    if (params.get('toLocal')) api_.set('to', toInstant(params.get('toLocal')));
    const page = await api('messages/' + kind + '?' + api_);

    const picks = [];
    const rows = page.messages.map(m => {
        const pick = el('input', {type: 'checkbox', className: 'pick', value: m.id, 'aria-label': 'select ' + m.id});
        picks.push(pick);
        return el('tr', {'data-id': m.id, 'data-message-id': m.messageId},
            session.operator ? el('td', {}, pick) : null,
            el('td', {}, el('a', {href: '#message/' + kind + '/' + m.id, className: 'open'}, received ? m.id : m.messageId)),
            received ? el('td', {}, m.messageId) : null,
            el('td', {}, m.name), received ? el('td', {}, m.group) : null,
            el('td', {}, statusCell(m.status)), el('td', {className: 'num'}, m.retries), el('td', {}, when(m.added)));
    });
    const selected = () => picks.filter(p => p.checked).map(p => p.value);
    const head = el('tr', {}, session.operator ? el('th', {}, el('input', {type: 'checkbox', 'aria-label': 'select all',
            onchange: e => picks.forEach(p => { p.checked = e.target.checked; })})) : null,
        el('th', {}, received ? 'Row' : 'Message id'), received ? el('th', {}, 'Message id') : null, el('th', {}, 'Name'),
        received ? el('th', {}, 'Group') : null, el('th', {}, 'Status'), el('th', {className: 'num'}, 'Retries'), el('th', {}, 'Added'));

    const older = new URLSearchParams(params);
    if (page.nextBefore) older.set('before', page.nextBefore);
    show(el('h2', {}, received ? 'Received messages' : 'Published messages'), filters,
        session.operator ? el('div', {className: 'actions'},
            el('button', {id: 'action-' + (received ? 'reexecute' : 'requeue'), className: 'primary',
                onclick: () => act(kind, received ? 'reexecute' : 'requeue', selected())}, received ? 'Re-execute selected' : 'Requeue selected'),
            el('button', {id: 'action-delete', className: 'danger', onclick: () => act(kind, 'delete', selected())}, 'Delete selected'))
            : el('p', {className: 'muted'}, 'Read only: your role may not requeue, re-execute or delete.'),
        el('table', {id: 'messages'}, head, rows),
        rows.length === 0 ? el('p', {className: 'muted', id: 'empty'}, 'No messages match.') : null,
        el('div', {className: 'pager'},
            params.get('before') ? el('button', {id: 'newest', onclick: () => history.back()}, '← Newer') : null,
            page.nextBefore ? el('button', {id: 'older', onclick: () => { location.hash = kind + '?' + older; }}, 'Older →') : null));
}

const VERBS = {requeue: 'Requeue', reexecute: 'Re-execute', delete: 'Delete'};

async function act(kind, action, ids) {
    if (ids.length === 0) { notice('Select messages first.', true); return; }
    const what = ids.length + ' ' + kind + ' message' + (ids.length > 1 ? 's' : '');
    if (!confirm(VERBS[action] + ' ' + what + '?\n' + ids.join(', '))) return;
    try {
        const result = await api('messages/' + kind + '/' + action, {method: 'POST', body: JSON.stringify({ids: ids})});
        const parts = [VERBS[action] + ': ' + result.done.length + ' done' + (result.done.length ? ' (' + result.done.join(', ') + ')' : '')];
        if (result.missing.length) parts.push(result.missing.length + ' no longer there (' + result.missing.join(', ') + ')');
        result.failed.forEach(f => parts.push(f.id + ' failed: ' + f.reason));
        notice(parts.join('; '), result.failed.length > 0);
        route();
    } catch (e) {
        notice(VERBS[action] + ' refused: ' + e.message, true);
    }
}

// --- one message ------------------------------------------------------------------------------

async function message(kind, id) {
    const m = await api('messages/' + kind + '/' + encodeURIComponent(id));
    let content = null;
    try { content = m.content ? JSON.parse(m.content) : null; } catch (e) { content = null; }
    const headers = content && content.Headers ? content.Headers : {};
    const body = content && 'Value' in content ? JSON.stringify(content.Value, null, 2) : (m.content || '');
    const received = kind === 'received';
    show(el('h2', {}, (received ? 'Received' : 'Published') + ' message ' + m.messageId),
        session.operator ? el('div', {className: 'actions'},
            el('button', {id: 'action-' + (received ? 'reexecute' : 'requeue'), className: 'primary',
                onclick: () => act(kind, received ? 'reexecute' : 'requeue', [m.id])}, received ? 'Re-execute' : 'Requeue'),
            el('button', {id: 'action-delete', className: 'danger', onclick: () => act(kind, 'delete', [m.id])}, 'Delete')) : null,
        el('dl', {id: 'detail'},
            el('dt', {}, 'Name'), el('dd', {}, m.name),
            received ? [el('dt', {}, 'Group'), el('dd', {}, m.group)] : null,
            el('dt', {}, 'Status'), el('dd', {id: 'detail-status'}, statusCell(m.status)),
            el('dt', {}, 'Retries'), el('dd', {id: 'detail-retries'}, m.retries),
            el('dt', {}, 'Added'), el('dd', {}, when(m.added)),
            el('dt', {}, m.status === 'Delayed' ? 'Due' : 'Expires'), el('dd', {}, when(m.expiresAt) || '—'),
            el('dt', {}, 'Version'), el('dd', {}, m.version)),
        el('h2', {}, 'Headers'),
        el('table', {id: 'headers'}, Object.entries(headers).map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v)))),
        el('h2', {}, 'Body'), el('pre', {id: 'body'}, body),
        m.exception ? [el('h2', {}, 'Exception'), el('pre', {id: 'exception', className: 'error'}, m.exception)] : null);
}

// --- NATS ---------------------------------------------------------------------------------------

async function subscribers() {
    const nats = await api('nats');
    show(el('h2', {}, 'Subscribers (message-driven beans)'),
        nats.problem ? el('p', {className: 'down'}, nats.problem) : null,
        el('table', {id: 'endpoints'},
            el('tr', {}, ['Bean', 'Subject', 'Stream', 'Durable', 'Group', 'Concurrency', 'Connection', 'Pending', 'Ack pending',
                'Redelivered', 'Problem'].map(h => el('th', {}, h))),
            nats.endpoints.map(e => el('tr', {'data-bean': e.bean},
                el('td', {}, e.bean), el('td', {}, e.subject), el('td', {}, e.stream || 'core NATS'), el('td', {}, e.durable || ''),
                el('td', {}, e.group || ''), el('td', {className: 'num'}, e.concurrency),
                el('td', {className: e.state === 'CONNECTED' ? 'up' : 'down'}, e.state),
                el('td', {className: 'num pending'}, e.consumer ? e.consumer.pending : ''),
                el('td', {className: 'num'}, e.consumer ? e.consumer.ackPending : ''),
                el('td', {className: 'num'}, e.consumer ? e.consumer.redelivered : ''),
                el('td', {className: 'down'}, e.problem || '')))),
        nats.endpoints.length === 0 ? el('p', {className: 'muted'}, 'No message-driven bean is active.') : null);
}

async function natsView() {
    const nats = await api('nats');
    show(el('h2', {}, 'Pooled connections'),
        nats.problem ? el('p', {className: 'down'}, nats.problem) : null,
        el('table', {id: 'connections'},
            el('tr', {}, ['Name', 'State', 'Server', 'Borrowed', 'Known servers'].map(h => el('th', {}, h))),
            nats.connections.map(c => el('tr', {}, el('td', {}, c.name),
                el('td', {className: c.state === 'CONNECTED' ? 'up' : 'down'}, c.state), el('td', {}, c.server || ''),
                el('td', {}, c.borrowed ? 'yes' : 'no'), el('td', {}, c.knownServers.join(', '))))),
        el('h2', {}, 'Streams'),
        el('table', {id: 'streams'},
            el('tr', {}, ['Stream', 'Subjects', 'Messages', 'Bytes', 'Consumers', 'Replicas'].map(h => el('th', {}, h))),
            nats.streams.map(s => el('tr', {'data-stream': s.name}, el('td', {}, s.name), el('td', {}, s.subjects.join(', ')),
                el('td', {className: 'num'}, s.messages), el('td', {className: 'num'}, s.bytes),
                el('td', {className: 'num'}, s.consumers), el('td', {className: 'num'}, s.replicas)))));
}

// --- routing ------------------------------------------------------------------------------------

function stopTimers() {
    timers.forEach(clearInterval);
    timers = [];
}

async function route() {
    stopTimers();
    const hash = location.hash.substring(1) || 'overview';
    const page = hash.split('?')[0];
    document.querySelectorAll('header nav a').forEach(a => a.classList.toggle('active', a.id === 'nav-' + page.split('/')[0]));
    try {
        if (page === 'overview') overview();
        else if (page === 'published' || page === 'received') await list(page, query(hash));
        else if (page.startsWith('message/')) await message(page.split('/')[1], page.split('/')[2]);
        else if (page === 'subscribers') await subscribers();
        else if (page === 'nats') await natsView();
        else show(el('p', {}, 'No such page: ' + page));
    } catch (e) {
        show(el('p', {className: 'down', id: 'failure'}, 'Cannot show ' + page + ': ' + e.message));
    }
}

window.addEventListener('hashchange', () => { document.getElementById('notice').hidden = true; route(); });
window.addEventListener('DOMContentLoaded', async () => {
    try {
        session = await api('session');
    } catch (e) {
        show(el('p', {className: 'down', id: 'failure'}, e.message));
        return;
    }
    document.getElementById('user').textContent = session.user + (session.operator ? ' (operator)' : ' (read only)');
    route();
});
