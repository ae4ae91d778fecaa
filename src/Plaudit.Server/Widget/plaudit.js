/* Plaudit storefront widget, interface v1. Plain JavaScript, no build step: this file is what Plaudit serves.
 * <script src="https://plaudit.example.com/widget/v1/plaudit.js" data-public-token="…" async></script>
 * <plaudit-stars product-id="P1"></plaudit-stars>   <plaudit-reviews product-id="P1"></plaudit-reviews>
 * Review text, names and URLs come from strangers: they only ever reach the page as text nodes and
 * checked attribute values, never as markup. Docs: docs/widget.md. */
(() => {
  'use strict';
  if (!window.customElements || customElements.get('plaudit-reviews')) return;

  const script = document.currentScript || document.querySelector('script[src*="/widget/v1/"]');
  const scriptSrc = script ? script.src : '';
  const defaults = {
    api: (script && script.dataset.plauditUrl) || scriptSrc.slice(0, Math.max(0, scriptSrc.indexOf('/widget/v1/'))),
    token: (script && script.dataset.publicToken) || '',
  };
  const MAX_PHOTOS = 5;
  const lang = document.documentElement.lang || navigator.language || 'en';

  // ---- DOM without markup: every string becomes a text node ------------------------------------------------
  const h = (tag, attrs, ...children) => {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === false || value == null) continue;
      if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
      else if (name === 'class') el.className = value;
      else el.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child == null || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  };
  /** Only http(s) URLs reach src attributes: a javascript: or data: URL from a review is dropped. */
  const safeUrl = (value) => {
    if (!value) return null;
    try {
      const url = new URL(String(value), location.href);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
    } catch { return null; }
  };
  const fmtDate = (iso) => {
    const d = new Date(iso);
    return isNaN(d) ? '' : d.toLocaleDateString(lang, { year: 'numeric', month: 'short', day: 'numeric' });
  };
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  let uid = 0;
  const nextId = (p) => `plaudit-${p}-${++uid}`;

  // ---- The API ----------------------------------------------------------------------------------------------
  const settingsOf = (el) => ({
    api: (el.getAttribute('api') || defaults.api).replace(/\/$/, ''),
    token: el.getAttribute('public-token') || defaults.token,
  });
  const url = (cfg, path, params) => {
    const u = new URL(`${cfg.api}/storefront/v1/${path}`, location.href);
    u.searchParams.set('public_token', cfg.token);
    for (const [k, v] of Object.entries(params || {})) if (v != null && v !== '') u.searchParams.set(k, v);
    return u.href;
  };
  const getJson = async (cfg, path, params) => {
    const res = await fetch(url(cfg, path, params), { credentials: 'omit' });
    if (!res.ok) throw new Error(`Plaudit: ${path} answered ${res.status}`);
    return res.json();
  };

  // ---- Stars: every <plaudit-stars> on the page asks in one request (per 100 products) -------------------------
  const starQueue = new Map();
  let starTimer = 0;
  const requestStars = (cfg, productId) => new Promise((resolve, reject) => {
    const key = `${cfg.api}|${cfg.token}`;
    if (!starQueue.has(key)) starQueue.set(key, { cfg, waiting: new Map() });
    const group = starQueue.get(key).waiting;
    if (!group.has(productId)) group.set(productId, []);
    group.get(productId).push({ resolve, reject });
    if (!starTimer) starTimer = setTimeout(flushStars, 0);
  });
  const flushStars = () => {
    starTimer = 0;
    for (const { cfg, waiting } of starQueue.values()) {
      const ids = [...waiting.keys()];
      for (let i = 0; i < ids.length; i += 100) {
        const chunk = ids.slice(i, i + 100);
        getJson(cfg, 'stars', { product_ids: chunk.join(',') }).then((data) => {
          const found = new Map(data.products.map((p) => [p.product_id, p.rating]));
          for (const id of chunk) for (const w of waiting.get(id)) w.resolve(found.get(id));
        }, (err) => { for (const id of chunk) for (const w of waiting.get(id)) w.reject(err); });
      }
    }
    starQueue.clear();
  };

  // ---- Customer events: queued, sent in batches (every 5 s, at 20, and when the page is hidden) ---------------
  const clientId = (() => {
    try {
      let id = localStorage.getItem('plaudit-client-id');
      if (!id) localStorage.setItem('plaudit-client-id', id = (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2)));
      return id;
    } catch { return ''; }
  })();
  const device = /Mobi|Android|iPhone|iPad/i.test(navigator.userAgent) ? 'Mobile' : 'Desktop';
  const os = (/iPhone|iPad|Mac OS/.test(navigator.userAgent) && /Mobile/.test(navigator.userAgent)) ? 'IOS'
    : /Android/.test(navigator.userAgent) ? 'ANDROID' : /Windows/.test(navigator.userAgent) ? 'WINDOWS'
    : /Mac OS/.test(navigator.userAgent) ? 'MACOS' : /Linux/.test(navigator.userAgent) ? 'LINUX' : '';
  const eventQueues = new Map();
  let eventTimer = 0;
  const track = (cfg, type, properties) => {
    const key = `${cfg.api}|${cfg.token}`;
    if (!eventQueues.has(key)) eventQueues.set(key, { cfg, events: [] });
    const queue = eventQueues.get(key);
    queue.events.push({ event_type: type, properties: properties || {} });
    if (queue.events.length >= 20) flushEvents(false);
    else if (!eventTimer) eventTimer = setTimeout(() => flushEvents(false), 5000);
  };
  const flushEvents = (leaving) => {
    clearTimeout(eventTimer);
    eventTimer = 0;
    for (const { cfg, events } of eventQueues.values()) {
      while (events.length) {
        const body = JSON.stringify({ client_id: clientId, page_url: location.href.slice(0, 2048), device_type: device, os_type: os, events: events.splice(0, 25) });
        fetch(url(cfg, 'events/batch'), { method: 'POST', credentials: 'omit', keepalive: leaving, headers: { 'Content-Type': 'application/json' }, body })
          .catch(() => {});
      }
    }
  };
  addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') flushEvents(true); });
  addEventListener('pagehide', () => flushEvents(true));

  // ---- Shared look: themable through CSS custom properties (they pass into shadow roots) ----------------------
  const BASE_CSS = `
:host{--_star:var(--plaudit-star-color,#e8a200);--_empty:var(--plaudit-star-empty-color,#c9ced6);--_accent:var(--plaudit-accent-color,#1f5fbf);
--_text:var(--plaudit-text-color,inherit);--_muted:var(--plaudit-muted-color,#57606a);--_border:var(--plaudit-border-color,#d0d7de);
--_bg:var(--plaudit-background,transparent);--_radius:var(--plaudit-radius,8px);--_ok:var(--plaudit-verified-color,#1a7f37);--_error:var(--plaudit-error-color,#b42318);
font-family:var(--plaudit-font-family,inherit);color:var(--_text);font-size:var(--plaudit-font-size,1rem);line-height:1.5}
.stars{position:relative;display:inline-block;white-space:nowrap;line-height:1;font-size:var(--plaudit-star-size,1.1em);letter-spacing:.08em;color:var(--_empty);vertical-align:-.1em}
.stars>span{position:absolute;inset:0 auto 0 0;overflow:hidden;color:var(--_star)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
button,select,input,textarea{font:inherit;color:inherit}
:focus-visible{outline:2px solid var(--_accent);outline-offset:2px}`;
  const starsOf = (value, label) => {
    const pct = Math.max(0, Math.min(100, (Number(value) || 0) / 5 * 100));
    return h('span', { class: 'stars', role: 'img', 'aria-label': label || `Rated ${Number(value) || 0} out of 5` },
      '★★★★★', h('span', { 'aria-hidden': 'true', style: `width:${pct}%` }, '★★★★★'));
  };

  // ---- <plaudit-stars product-id="…">: the small rating beside a price ---------------------------------------
  const STARS_CSS = `${BASE_CSS}
:host{display:inline-block;min-width:8.5em;min-height:1.5em;vertical-align:middle}
.count{color:var(--_muted);font-size:.9em;margin-left:.3em}`;
  class PlauditStars extends HTMLElement {
    // Shops that switch variants or products without a page load (themes, SPAs) change product-id in place.
    static get observedAttributes() { return ['product-id']; }

    attributeChangedCallback(name, before, after) {
      if (before !== after && this.shadowRoot) this.load();
    }

    connectedCallback() {
      if (this.shadowRoot) return;
      const root = this.attachShadow({ mode: 'open' });
      this.body = h('span', { part: 'stars' });
      root.append(h('style', null, STARS_CSS), this.body);
      this.load();
    }

    load() {
      const body = this.body;
      body.replaceChildren(starsOf(0, 'Loading rating'));
      const productId = this.getAttribute('product-id');
      if (!productId) return;
      requestStars(settingsOf(this), productId).then((rating) => {
        // An answer for a product this element no longer shows is dropped.
        if (this.getAttribute('product-id') !== productId) return;
        const n = rating ? rating.review_count : 0;
        const value = rating ? rating.rating_value : '0';
        body.replaceChildren(starsOf(value, n ? `Rated ${value} out of 5, ${plural(n, 'review', 'reviews')}` : 'No reviews yet'),
          h('span', { class: 'count', 'aria-hidden': 'true' }, `(${n})`));
        this.dispatchEvent(new CustomEvent('plaudit:stars', { detail: { productId, rating }, bubbles: true }));
      }, () => { if (this.getAttribute('product-id') === productId) body.replaceChildren(); });
    }
  }

  // ---- The write-a-review form ---------------------------------------------------------------------------------
  const FORM_CSS = `
form{display:grid;grid-template-columns:minmax(0,1fr);gap:.8rem;max-width:36rem;margin:1rem 0;padding:1rem;border:1px solid var(--_border);border-radius:var(--_radius)}
label{font-weight:600;display:block;margin-bottom:.2rem}
input[type=text],input[type=email],textarea{width:100%;box-sizing:border-box;padding:.5rem;border:1px solid var(--_border);border-radius:calc(var(--_radius)/2);background:#fff}
textarea{min-height:7rem;resize:vertical}
[aria-invalid=true]{border-color:var(--_error)!important}
.field-error{color:var(--_error);font-size:.9em;margin:.2rem 0 0}
fieldset{border:0;padding:0;margin:0}legend{font-weight:600;padding:0;margin-bottom:.2rem}
.rate{display:inline-flex;flex-direction:row-reverse;gap:.1rem}
.rate input{position:absolute;opacity:0;width:1px;height:1px}
.rate label{font-size:1.8em;line-height:1;color:var(--_empty);cursor:pointer;margin:0;font-weight:400}
.rate input:checked~label,.rate label:hover,.rate label:hover~label{color:var(--_star)}
.rate input:focus-visible+label{outline:2px solid var(--_accent);outline-offset:2px}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.errors{color:var(--_error);border:1px solid var(--_error);border-radius:calc(var(--_radius)/2);padding:.5rem .8rem}
.errors:empty{display:none}
.done{color:var(--_ok);font-weight:600}
.hint{color:var(--_muted);font-size:.9em}`;
  const FIELD_NAMES = { rating: 'rating', author: 'author', author_email: 'email', title: 'title', content: 'content', media: 'photos' };

  const buildForm = (host, cfg, productId, onDone) => {
    const ids = { rating: nextId('rating'), title: nextId('title'), content: nextId('content'), author: nextId('name'), email: nextId('email'), photos: nextId('photos') };
    const errors = h('div', { class: 'errors', role: 'alert', tabindex: '-1' });
    const fieldErrors = {};
    const field = (key, labelText, control, hint) => {
      fieldErrors[key] = h('p', { class: 'field-error', id: `${ids[key]}-error`, hidden: true });
      control.setAttribute('aria-describedby', `${ids[key]}-error${hint ? ` ${ids[key]}-hint` : ''}`);
      return h('div', null, h('label', { for: ids[key] }, labelText), control,
        hint ? h('p', { class: 'hint', id: `${ids[key]}-hint` }, hint) : null, fieldErrors[key]);
    };
    const stars = [5, 4, 3, 2, 1].map((n) => [
      h('input', { type: 'radio', name: 'rating', value: n, id: `${ids.rating}-${n}`, required: n === 5 }),
      h('label', { for: `${ids.rating}-${n}`, title: plural(n, 'star', 'stars') }, '★', h('span', { class: 'sr' }, plural(n, 'star', 'stars'))),
    ]);
    fieldErrors.rating = h('p', { class: 'field-error', id: `${ids.rating}-error`, hidden: true });
    const rating = h('fieldset', { 'aria-describedby': `${ids.rating}-error` }, h('legend', null, 'Your rating'), h('div', { class: 'rate' }, stars), fieldErrors.rating);
    const title = h('input', { type: 'text', id: ids.title, name: 'title', maxlength: 200, autocomplete: 'off' });
    const content = h('textarea', { id: ids.content, name: 'content', maxlength: 5000, required: true });
    const author = h('input', { type: 'text', id: ids.author, name: 'author', maxlength: 100, required: true, autocomplete: 'name' });
    const email = h('input', { type: 'email', id: ids.email, name: 'author_email', maxlength: 254, required: true, autocomplete: 'email' });
    const photos = h('input', { type: 'file', id: ids.photos, name: 'photos', accept: 'image/jpeg,image/png,image/webp,image/gif', multiple: true });
    // Only bots fill a field nobody sees; the server then stores nothing.
    const honeypot = h('div', { class: 'hp', 'aria-hidden': 'true' },
      h('label', null, 'Website', h('input', { type: 'text', name: 'website', tabindex: '-1', autocomplete: 'off' })));
    const submit = h('button', { type: 'submit', class: 'primary' }, 'Submit review');
    const controls = { title, content, author, email, photos };
    const form = h('form', { novalidate: true, 'aria-label': 'Write a review' },
      errors, rating,
      field('title', 'Title (optional)', title),
      field('content', 'Your review', content),
      field('author', 'Name', author, 'Shown with your review.'),
      field('email', 'Email', email, 'Never shown.'),
      field('photos', `Photos (optional, up to ${MAX_PHOTOS})`, photos),
      honeypot, h('div', null, submit));

    const show = (problems) => {
      for (const [key, p] of Object.entries(fieldErrors)) { p.hidden = true; p.textContent = ''; if (controls[key]) controls[key].removeAttribute('aria-invalid'); }
      errors.replaceChildren();
      if (!problems.length) return;
      errors.append(h('p', { style: 'margin:0' }, problems.length === 1 ? 'Please fix this:' : `Please fix these ${problems.length} problems:`),
        h('ul', { style: 'margin:.3rem 0 0' }, problems.map(([, message]) => h('li', null, message))));
      for (const [key, message] of problems) {
        if (!fieldErrors[key]) continue;
        fieldErrors[key].textContent = message;
        fieldErrors[key].hidden = false;
        if (controls[key]) controls[key].setAttribute('aria-invalid', 'true');
      }
      const first = problems[0][0];
      (first === 'rating' ? stars[0][0] : controls[first] || errors).focus();
    };
    const check = () => {
      const problems = [];
      if (!form.querySelector('input[name=rating]:checked')) problems.push(['rating', 'Choose a rating from 1 to 5 stars.']);
      if (!content.value.trim()) problems.push(['content', 'Write a few words about the product.']);
      if (!author.value.trim()) problems.push(['author', 'Enter your name.']);
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email.value.trim())) problems.push(['email', 'Enter an email address like name@example.com.']);
      const files = [...photos.files];
      if (files.length > MAX_PHOTOS) problems.push(['photos', `Choose at most ${MAX_PHOTOS} photos.`]);
      if (files.some((f) => !/^image\/(jpeg|png|webp|gif)$/.test(f.type))) problems.push(['photos', 'Photos must be JPEG, PNG, WebP or GIF images.']);
      return problems;
    };
    // One upload permission per photo (an S3 policy names its content type); each photo goes as a form post.
    const upload = (files) => Promise.all(files.map(async (file) => {
      const policy = await getJson(cfg, 'image_upload_policy', { content_type: file.type });
      if (file.size > policy.max_bytes) throw new Error(`${file.name} is larger than ${Math.floor(policy.max_bytes / 1048576)} MB.`);
      const name = `${crypto.randomUUID ? crypto.randomUUID() : Date.now() + String(Math.random()).slice(2)}.${file.type.split('/')[1].replace('jpeg', 'jpg')}`;
      const data = new FormData();
      for (const [k, v] of Object.entries(policy.fields)) data.append(k, k === 'key' ? policy.dir + name : v);
      data.append(policy.file_field, file);
      // The upload target need not answer CORS: if the file did not arrive, the review is refused for it.
      await fetch(policy.host, { method: 'POST', mode: 'no-cors', credentials: 'omit', body: data });
      return policy.media_url_prefix + name;
    }));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const problems = check();
      show(problems);
      if (problems.length) return;
      submit.disabled = true;
      submit.textContent = 'Sending…';
      try {
        const media = await upload([...photos.files]);
        const res = await fetch(url(cfg, 'reviews'), {
          method: 'POST', credentials: 'omit', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            product_id: productId || undefined, rating: Number(form.querySelector('input[name=rating]:checked').value),
            title: title.value.trim(), content: content.value.trim(), author: author.value.trim(), author_email: email.value.trim(),
            media, website: form.querySelector('input[name=website]').value,
          }),
        });
        const answer = await res.json().catch(() => ({}));
        if (res.status === 201 || res.status === 202) {
          track(cfg, 'SUBMIT_REVIEW', { product_id: productId || '', review_id: answer.id || '', status: answer.status || '' });
          const thanks = h('p', { class: 'done', role: 'status', tabindex: '-1' }, answer.status === 'published'
            ? 'Thank you! Your review is published.' : 'Thank you! Your review will appear once the shop has checked it.');
          form.replaceWith(thanks);
          thanks.focus();
          onDone && onDone(answer);
          return;
        }
        const message = answer.message || `The review could not be sent (${res.status}).`;
        const key = res.status === 400 ? Object.keys(FIELD_NAMES).find((f) => message.startsWith(f === 'media' ? 'media' : `${f} `)) : null;
        show([[key ? FIELD_NAMES[key] : 'form', res.status === 429 ? 'Too many reviews from here; please try again in a minute.' : message]]);
      } catch (err) {
        show([['photos', err && err.message && !/fetch/i.test(err.message) ? err.message : 'The review could not be sent; check your connection and try again.']]);
      } finally {
        submit.disabled = false;
        submit.textContent = 'Submit review';
      }
    });
    return form;
  };

  // ---- <plaudit-reviews product-id="…">: summary, histogram filter, sort, reviews, photos, the form ------------
  const REVIEWS_CSS = `${BASE_CSS}${FORM_CSS}
:host{display:block;min-height:var(--plaudit-min-height,20rem);background:var(--_bg);contain:layout}
h2{font-size:1.3em;margin:0 0 .6rem}
.summary{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start;margin-bottom:1rem}
.average{font-size:2.4em;font-weight:700;line-height:1}
.histogram{list-style:none;margin:0;padding:0;min-width:14rem;flex:1;max-width:24rem}
.histogram button{display:grid;grid-template-columns:3.2em 1fr 2.5em;gap:.5rem;align-items:center;width:100%;background:none;border:0;padding:.15rem .2rem;cursor:pointer;border-radius:4px;text-align:left}
.histogram button[aria-pressed=true]{background:color-mix(in srgb,var(--_accent) 12%,transparent);font-weight:700}
.bar{height:.55rem;border-radius:1rem;background:color-mix(in srgb,var(--_empty) 45%,transparent);overflow:hidden}
.bar>span{display:block;height:100%;background:var(--_star)}
.toolbar{display:flex;flex-wrap:wrap;gap:.8rem;align-items:center;justify-content:space-between;border-bottom:1px solid var(--_border);padding-bottom:.6rem}
.primary,.secondary{border-radius:calc(var(--_radius)/2);padding:.45rem .9rem;cursor:pointer;border:1px solid var(--_accent)}
.primary{background:var(--_accent);color:var(--plaudit-button-text-color,#fff)}
.secondary{background:transparent;color:var(--_accent)}
.primary[disabled]{opacity:.6;cursor:wait}
select{padding:.3rem;border:1px solid var(--_border);border-radius:4px;background:#fff}
ol.reviews{list-style:none;margin:0;padding:0}
ol.reviews>li{border-bottom:1px solid var(--_border);padding:1rem 0}
h3{font-size:1.05em;margin:.3rem 0}
.meta{color:var(--_muted);font-size:.9em;display:flex;flex-wrap:wrap;gap:.2rem .6rem;align-items:center}
.author{color:var(--_text);font-weight:600}
.verified{color:var(--_ok);font-weight:600}
.content{margin:.4rem 0;white-space:pre-line;overflow-wrap:anywhere}
.content.clamped{display:-webkit-box;-webkit-line-clamp:5;-webkit-box-orient:vertical;overflow:hidden}
.link{background:none;border:0;padding:0;color:var(--_accent);cursor:pointer;text-decoration:underline}
.photos{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0;padding:0;list-style:none}
.photos button{padding:0;border:1px solid var(--_border);border-radius:calc(var(--_radius)/2);overflow:hidden;cursor:zoom-in;width:72px;height:72px;background:#f6f8fa}
.photos img{width:100%;height:100%;object-fit:cover;display:block}
.reply{margin:.6rem 0 0 1rem;padding:.5rem .8rem;border-left:3px solid var(--_accent);background:color-mix(in srgb,var(--_accent) 6%,transparent)}
.reply p{margin:.2rem 0 0;white-space:pre-line}
.more{text-align:center;margin:1rem 0}
.status{color:var(--_muted);font-size:.9em}
.empty{color:var(--_muted);padding:1rem 0}
dialog{border:0;padding:0;background:transparent;max-width:min(92vw,60rem);max-height:92vh}
dialog::backdrop{background:rgba(0,0,0,.8)}
dialog figure{margin:0;display:grid;gap:.5rem;justify-items:center}
dialog img{max-width:100%;max-height:78vh;object-fit:contain;border-radius:4px;background:#111}
dialog figcaption{color:#fff}
.lightbox-nav{display:flex;gap:.5rem;justify-content:center}
.lightbox-nav button{background:#fff;color:#111;border:0;border-radius:4px;padding:.4rem .8rem;cursor:pointer}
.skeleton{height:1rem;margin:.6rem 0;border-radius:4px;background:color-mix(in srgb,var(--_empty) 35%,transparent)}
@media (max-width:480px){.summary{flex-direction:column;gap:.8rem}.histogram{max-width:none;width:100%}}`;

  // The summary's size while it loads, so nothing below it moves when it arrives.
  const summaryPlaceholders = () => [h('div', { class: 'skeleton', style: 'width:12rem;height:3rem' }), h('div', { class: 'skeleton', style: 'width:16rem;height:6rem' })];

  class PlauditReviews extends HTMLElement {
    static get observedAttributes() { return ['product-id']; }

    // Another product in the same element: its summary and first page, unfiltered, the form closed.
    attributeChangedCallback(name, before, after) {
      if (before === after || !this.shadowRoot) return;
      this.productId = after || '';
      this.state.rating = 0;
      this.toggleForm(false);
      this.summary.replaceChildren(...summaryPlaceholders());
      this.reload();
    }

    connectedCallback() {
      if (this.shadowRoot) return;
      this.cfg = settingsOf(this);
      this.productId = this.getAttribute('product-id') || '';
      this.pageSize = Math.min(50, Math.max(1, parseInt(this.getAttribute('page-size'), 10) || 5));
      this.state = { sort: 'newest', rating: 0, page: 0, shown: 0, total: 0 };
      const root = this.attachShadow({ mode: 'open' });
      this.heading = h('h2', { id: nextId('heading') }, this.getAttribute('heading') || 'Customer reviews');
      this.summary = h('div', { class: 'summary' }, ...summaryPlaceholders());
      this.sortSelect = h('select', { id: nextId('sort'), onchange: () => { this.state.sort = this.sortSelect.value; this.reload(); } },
        [['newest', 'Newest'], ['oldest', 'Oldest'], ['highest', 'Highest rating'], ['lowest', 'Lowest rating']].map(([v, t]) => h('option', { value: v }, t)));
      this.formSlot = h('div');
      this.writeButton = h('button', { type: 'button', class: 'primary', 'aria-expanded': 'false', onclick: () => this.toggleForm() }, 'Write a review');
      this.status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
      this.list = h('ol', { class: 'reviews', 'aria-labelledby': this.heading.id });
      this.moreButton = h('button', { type: 'button', class: 'secondary', hidden: true, onclick: () => this.loadPage(this.state.page + 1) }, 'Show more reviews');
      this.lightbox = h('dialog', { 'aria-label': 'Review photo', onclick: (e) => { if (e.target === this.lightbox) this.lightbox.close(); } });
      this.lightbox.addEventListener('keydown', (e) => {
        if (e.key === 'ArrowRight') { e.preventDefault(); this.showPhoto(this.photoIndex + 1); }
        if (e.key === 'ArrowLeft') { e.preventDefault(); this.showPhoto(this.photoIndex - 1); }
      });
      this.lightbox.addEventListener('close', () => { if (this.photoOpener) this.photoOpener.focus(); });
      root.append(h('style', null, REVIEWS_CSS),
        h('section', { part: 'reviews', 'aria-labelledby': this.heading.id },
          this.heading, this.summary,
          h('div', { class: 'toolbar' },
            h('div', null, h('label', { for: this.sortSelect.id, style: 'font-weight:400;display:inline;margin-right:.4rem' }, 'Sort by'), this.sortSelect),
            this.writeButton),
          this.formSlot, this.status, this.list, h('div', { class: 'more' }, this.moreButton)),
        this.lightbox);
      this.observeView();
      this.reload();
    }

    observeView() {
      if (!('IntersectionObserver' in window)) return track(this.cfg, 'VIEW_WIDGET', { product_id: this.productId, widget: 'reviews' });
      const observer = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          observer.disconnect();
          track(this.cfg, 'VIEW_WIDGET', { product_id: this.productId, widget: 'reviews' });
        }
      });
      observer.observe(this);
    }

    toggleForm(open) {
      const show = open ?? this.formSlot.childElementCount === 0;
      this.writeButton.setAttribute('aria-expanded', String(show));
      this.formSlot.replaceChildren();
      if (!show) return;
      const form = buildForm(this, this.cfg, this.productId, () => this.writeButton.setAttribute('aria-expanded', 'false'));
      this.formSlot.append(form);
      form.querySelector('input[name=rating]').focus();
    }

    reload() {
      this.state.page = 0;
      this.state.shown = 0;
      this.photos = [];
      this.list.replaceChildren();
      return this.loadPage(1);
    }

    async loadPage(page) {
      const { sort, rating } = this.state;
      const params = { product_id: this.productId, page, page_size: this.pageSize, sort, rating: rating || null };
      this.moreButton.disabled = true;
      this.setAttribute('aria-busy', 'true');
      try {
        const data = await getJson(this.cfg, 'reviews', params);
        if (rating !== this.state.rating || sort !== this.state.sort || params.product_id !== this.productId) return;
        if (page === 1) this.renderSummary(data.rating);
        this.state.page = page;
        this.state.total = data.page.total;
        const firstNew = this.list.childElementCount;
        for (const review of data.reviews) this.list.append(this.renderReview(review));
        this.state.shown = this.list.childElementCount;
        this.moreButton.hidden = this.state.shown >= this.state.total;
        this.status.textContent = this.state.total === 0
          ? (rating ? `No ${plural(rating, 'star', 'star')} reviews yet.` : 'No reviews yet. Be the first to write one!')
          : `Showing ${this.state.shown} of ${plural(this.state.total, 'review', 'reviews')}${rating ? ` with ${plural(rating, 'star', 'stars')}` : ''}.`;
        // After "show more", keyboard users continue at the first new review instead of the top.
        if (page > 1 && this.list.children[firstNew]) this.list.children[firstNew].querySelector('article').focus();
        this.dispatchEvent(new CustomEvent('plaudit:loaded', { detail: { page, total: this.state.total }, bubbles: true }));
      } catch {
        this.status.textContent = 'Reviews could not be loaded.';
      } finally {
        this.moreButton.disabled = false;
        this.removeAttribute('aria-busy');
      }
    }

    renderSummary(r) {
      const total = r.review_count;
      const counts = [r.star5_count, r.star4_count, r.star3_count, r.star2_count, r.star1_count];
      const rows = counts.map((count, i) => {
        const star = 5 - i;
        const pct = total ? Math.round(count / total * 100) : 0;
        // The visible text is the name ("5 stars, 2 reviews"); aria-pressed says whether it filters.
        return h('li', null, h('button', {
          type: 'button', 'aria-pressed': String(this.state.rating === star), disabled: count === 0 && this.state.rating !== star,
          onclick: () => this.filter(this.state.rating === star ? 0 : star),
        }, h('span', null, String(star), h('span', { 'aria-hidden': 'true' }, ' ★'), h('span', { class: 'sr' }, star === 1 ? ' star' : ' stars')),
        h('span', { class: 'bar', 'aria-hidden': 'true' }, h('span', { style: `width:${pct}%` })),
        h('span', null, h('span', { class: 'sr' }, ', '), String(count), h('span', { class: 'sr' }, count === 1 ? ' review' : ' reviews'))));
      });
      this.summary.replaceChildren(
        h('div', null, h('div', { class: 'average', 'aria-hidden': 'true' }, total ? r.rating_value : '–'),
          starsOf(r.rating_value, total ? `Rated ${r.rating_value} out of 5` : 'No ratings yet'),
          h('div', { class: 'status' }, total ? `Based on ${plural(total, 'review', 'reviews')}` : 'No reviews yet')),
        h('ul', { class: 'histogram', 'aria-label': 'Show only reviews with' }, rows),
        this.state.rating ? h('button', { type: 'button', class: 'link', onclick: () => this.filter(0) }, 'Show all reviews') : '');
    }

    filter(star) {
      this.state.rating = star;
      const focusStar = star;
      this.reload().then(() => {
        const button = [...this.summary.querySelectorAll('.histogram button')][5 - (focusStar || 5)];
        if (button) button.focus();
      });
    }

    renderReview(review) {
      const content = h('p', { class: 'content' }, review.content);
      const long = review.content.length > 400;
      if (long) content.classList.add('clamped');
      const expand = long ? h('button', {
        type: 'button', class: 'link', 'aria-expanded': 'false',
        onclick: () => {
          const open = content.classList.toggle('clamped') === false;
          expand.setAttribute('aria-expanded', String(open));
          expand.textContent = open ? 'Show less' : 'Read more';
          if (open) track(this.cfg, 'EXPAND_CONTENT', { product_id: this.productId, review_id: review.id });
        },
      }, 'Read more') : null;
      const images = review.media.filter((m) => m.type !== 2 && safeUrl(m.url));
      const photos = images.length ? h('ul', { class: 'photos', 'aria-label': 'Photos' }, images.map((m, i) => {
        const index = this.photos.push({ url: safeUrl(m.url), author: review.author, review: review.id }) - 1;
        return h('li', null, h('button', { type: 'button', 'aria-label': `Open photo ${i + 1} of ${images.length} by ${review.author}`, onclick: (e) => this.openPhoto(index, e.currentTarget) },
          h('img', { src: safeUrl(m.thumbnail_url) || safeUrl(m.url), alt: '', loading: 'lazy', width: 72, height: 72, referrerpolicy: 'no-referrer' })));
      })) : null;
      const date = fmtDate(review.commented_at);
      return h('li', null, h('article', { tabindex: '-1', 'aria-label': `Review by ${review.author}` },
        starsOf(review.rating),
        review.title ? h('h3', null, review.title) : null,
        h('div', { class: 'meta' }, h('span', { class: 'author' }, review.author),
          review.is_verified ? h('span', { class: 'verified' }, '✓ Verified buyer') : null,
          review.country ? h('span', null, review.country) : null,
          date ? h('time', { datetime: review.commented_at }, date) : null),
        content, expand, photos,
        review.reply ? h('div', { class: 'reply' }, h('strong', null, 'Reply from the shop'), h('p', null, review.reply.content)) : null));
    }

    openPhoto(index, opener) {
      this.photoOpener = opener;
      this.showPhoto(index);
      if (!this.lightbox.open) this.lightbox.showModal();
      track(this.cfg, 'CLICK_MEDIA', { product_id: this.productId, review_id: this.photos[index].review, media_url: this.photos[index].url.slice(0, 1024) });
    }

    showPhoto(index) {
      const count = this.photos.length;
      if (!count) return;
      this.photoIndex = (index + count) % count;
      const photo = this.photos[this.photoIndex];
      const close = h('button', { type: 'button', onclick: () => this.lightbox.close() }, 'Close');
      this.lightbox.replaceChildren(h('figure', null,
        h('img', { src: photo.url, alt: `Photo by ${photo.author}`, referrerpolicy: 'no-referrer' }),
        h('figcaption', null, `Photo ${this.photoIndex + 1} of ${count}, by ${photo.author}`),
        h('div', { class: 'lightbox-nav' },
          count > 1 ? h('button', { type: 'button', onclick: () => this.showPhoto(this.photoIndex - 1) }, '← Previous') : null,
          count > 1 ? h('button', { type: 'button', onclick: () => this.showPhoto(this.photoIndex + 1) }, 'Next →') : null,
          close)));
      close.focus();
    }
  }

  // ---- <plaudit-review-form product-id="…">: the form alone, for a page of its own ----------------------------
  class PlauditReviewForm extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      const root = this.attachShadow({ mode: 'open' });
      root.append(h('style', null, `${BASE_CSS}${FORM_CSS}:host{display:block}.primary{border-radius:4px;padding:.45rem .9rem;border:1px solid var(--_accent);background:var(--_accent);color:#fff;cursor:pointer}`),
        buildForm(this, settingsOf(this), this.getAttribute('product-id') || ''));
    }
  }

  customElements.define('plaudit-stars', PlauditStars);
  customElements.define('plaudit-reviews', PlauditReviews);
  customElements.define('plaudit-review-form', PlauditReviewForm);
})();
