/*
 * Mở Cửa — counter kiosk. The page works without this file (a plain form post). With it, a
 * rating is queued in localStorage with a client id made here, the thank-you shows at once,
 * and the queue is sent when the network allows: a short drop loses nothing, and a retry
 * sends the same client id, which the server stores only once.
 */
(() => {
  const root = document.querySelector('[data-kiosk]');
  if (!root || !window.fetch || !window.localStorage) return;
  const counterId = root.getAttribute('data-counter-id') || '';
  const token = root.getAttribute('data-kiosk-token') || '';
  const api = `/api/v1/kiosk/${encodeURIComponent(counterId)}`;
  const key = `mocua.kiosk.queue.${counterId}`;
  const form = root.querySelector('form[data-kiosk-form]');
  const thanks = root.querySelector('[data-thanks]');
  const queueNote = root.querySelector('[data-queue]');
  const comment = root.querySelector('textarea[name="comment"]');
  const THANKS_MS = 4000;
  const RETRY_MAX_MS = 60000;
  let sending = false;
  let retryMs = 2000;
  let retryTimer = null;
  let chosen = null;

  const load = () => {
    try {
      const list = JSON.parse(localStorage.getItem(key) || '[]');
      return Array.isArray(list) ? list : [];
    } catch (_) {
      return [];
    }
  };
  const save = (list) => {
    try {
      localStorage.setItem(key, JSON.stringify(list));
    } catch (_) {
      // Storage full or blocked: the rating still goes out if the network is up now.
    }
  };

  // crypto.randomUUID needs a secure context; kiosks on a local http address may not be one.
  const uuid = () => {
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.prototype.map.call(b, (x) => (x + 0x100).toString(16).slice(1)).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };

  const showQueue = () => {
    if (!queueNote) return;
    const n = load().length;
    queueNote.hidden = n === 0;
    queueNote.textContent = n === 0 ? '' : `Đang chờ gửi ${n} đánh giá khi có mạng.`;
  };

  const later = () => {
    if (retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      flush();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
  };

  // 2xx: stored (or stored before). 400/409/422: the server will never take it, drop it.
  // Anything else (offline, 401 while a token is being replaced, 429, 5xx): keep and retry.
  const settled = (status) => (status >= 200 && status < 300) || status === 400 || status === 409 || status === 422;

  function flush() {
    if (sending) return;
    const list = load();
    showQueue();
    if (list.length === 0) return;
    if (navigator.onLine === false) return later();
    sending = true;
    const item = list[0];
    fetch(`${api}/ratings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-kiosk-token': token },
      body: JSON.stringify(item),
      credentials: 'same-origin',
    })
      .then((res) => {
        sending = false;
        if (!settled(res.status)) return later();
        save(load().filter((x) => x.clientId !== item.clientId));
        retryMs = 2000;
        flush();
      })
      .catch(() => {
        sending = false;
        later();
      });
  }

  const showThanks = () => {
    if (!form || !thanks) return;
    form.hidden = true;
    thanks.hidden = false;
    setTimeout(() => {
      thanks.hidden = true;
      form.hidden = false;
      if (comment) comment.value = '';
    }, THANKS_MS);
  };

  if (form) {
    form.addEventListener('click', (event) => {
      const button = event.target.closest ? event.target.closest('button[name="level"]') : null;
      if (button) chosen = button.value;
    });
    form.addEventListener('submit', (event) => {
      const level = event.submitter?.value || chosen;
      if (!level) return;
      event.preventDefault();
      const text = comment ? comment.value.trim() : '';
      const list = load();
      list.push({ clientId: uuid(), level, comment: text === '' ? null : text, ratedAt: new Date().toISOString() });
      save(list);
      chosen = null;
      showThanks();
      flush();
    });
  }

  const initials = (name) => {
    const words = name.trim().split(/\s+/);
    const first = words[0] || '';
    const last = words.length > 1 ? words[words.length - 1] : '';
    return (first.charAt(0) + last.charAt(0)).toUpperCase();
  };

  // The officer at the counter changes with each shift: refresh the name shown.
  const refreshStatus = () => {
    if (navigator.onLine === false) return;
    fetch(api, { headers: { 'x-kiosk-token': token }, credentials: 'same-origin' })
      .then((res) => (res.ok ? res.json() : null))
      .then((status) => {
        if (!status) return;
        const name = root.querySelector('[data-officer-name]');
        const title = root.querySelector('[data-officer-title]');
        const photo = root.querySelector('[data-officer-initials]');
        const officer = status.officer;
        if (name) name.textContent = officer ? officer.name : 'Quầy chưa có cán bộ nhận ca';
        if (title) title.textContent = officer?.title ?? '';
        if (photo) photo.textContent = officer ? initials(officer.name) : '';
      })
      .catch(() => {});
  };
  window.addEventListener('online', () => {
    retryMs = 2000;
    flush();
    refreshStatus();
  });
  setInterval(flush, 30000);
  setInterval(refreshStatus, 60000);
  flush();
})();
