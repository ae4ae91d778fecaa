// The widget on a shop's product page in Firefox (Debian's firefox-esr, driven over WebDriver BiDi by
// puppeteer-core; Playwright cannot drive a stock Firefox). It acts as a shopper would and prints what
// the shopper saw at each step as one JSON object on stdout: WidgetFirefoxTests (C#) starts Plaudit,
// seeds the shop, runs this and judges the answers, so the assertions stay beside the Chromium ones.
//
// Usage: node widget-in-firefox.mjs input.json
// input: { firefox, pageUrl, html, imageHost, pngBase64, photoPath, plauditUrl, screenshotDir }
// A step that never reaches its state ends the run with {"failed": "<step>: <why>", ...what was seen}.
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const seen = {};
const WAIT = { timeout: 15_000, polling: 100 };

const browser = await puppeteer.launch({
  browser: 'firefox',
  executablePath: input.firefox,
  headless: true,
  extraPrefsFirefox: {
    // The page's origin is the made-up shop (answered below) and Plaudit is on loopback: Firefox's local
    // network access checks would hold those calls for a permission prompt no one can answer.
    'network.lna.enabled': false,
    'network.lna.blocking': false,
    // No network beyond loopback here: keep Firefox from reaching for its own services.
    'app.update.enabled': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
  },
});
let step = 'open the product page';
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.setRequestInterception(true);
  const shopOrigin = new URL(input.pageUrl).origin;
  const png = Buffer.from(input.pngBase64, 'base64');
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith(shopOrigin + '/')) {
      request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: input.html });
    } else if (url.startsWith(input.imageHost)) {
      request.respond({ status: 200, contentType: 'image/png', body: png });
    } else {
      request.continue();
    }
  });
  await page.goto(input.pageUrl);

  // Everything is inside the elements' shadow roots; these read it as a shopper's assistive tech would.
  const inReviews = (fn, ...args) => page.evaluate(fn, ...args);
  const waitUntil = (fn, ...args) => page.waitForFunction(fn, WAIT, ...args);
  const button = (text) => page.evaluateHandle((text) => {
    const root = document.querySelector('plaudit-reviews').shadowRoot;
    return [...root.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === text || b.textContent.trim() === text) || null;
  }, text);
  const statusText = () => inReviews(() => document.querySelector('plaudit-reviews').shadowRoot.querySelector('p.status[role=status]')?.textContent.trim() ?? null);
  const authors = () => inReviews(() => [...document.querySelector('plaudit-reviews').shadowRoot.querySelectorAll('ol.reviews .author')].map((a) => a.textContent.trim()));
  const screenshot = async (name) => {
    if (!input.screenshotDir) return;
    mkdirSync(input.screenshotDir, { recursive: true });
    await page.screenshot({ path: join(input.screenshotDir, name), fullPage: true });
  };

  step = 'render the summary, reviews and photos';
  await waitUntil(() => {
    const root = document.querySelector('plaudit-reviews')?.shadowRoot;
    const photo = root?.querySelector('.photos img');
    return root?.querySelectorAll('ol.reviews > li').length > 0 && photo?.complete && document.querySelector('plaudit-stars')?.shadowRoot?.querySelector('.count');
  });
  Object.assign(seen, await inReviews(() => {
    const root = document.querySelector('plaudit-reviews').shadowRoot;
    const stars = document.querySelector('plaudit-stars').shadowRoot;
    const histogram = root.querySelector('.histogram button');
    return {
      summary: root.querySelector('.status').textContent.replace(/\s+/g, ' ').trim(),
      reviewsShown: root.querySelectorAll('ol.reviews > li').length,
      firstHistogramRow: histogram.textContent.replace(/\s+/g, ' ').trim(),
      firstHistogramPressed: histogram.getAttribute('aria-pressed'),
      starsCount: stars.querySelector('.count').textContent,
      starsLabel: stars.querySelector('.stars').getAttribute('aria-label'),
      replyShown: root.textContent.includes('Reply from the shop') && root.textContent.includes('Thanks for the kind words!'),
      verified: root.querySelector('.verified')?.textContent.trim() ?? null,
      photos: root.querySelectorAll('.photos img').length,
      photoNaturalWidth: root.querySelector('.photos img').naturalWidth,
      hostileTextShown: root.textContent.includes('<img src=x onerror='),
      hostileElements: root.querySelectorAll('ol.reviews img[src=x]').length,
      pwned: window.__pwned === true,
    };
  }));
  await screenshot('firefox-widget-product-page.png');

  step = 'open a photo in the lightbox';
  await (await button('Open photo 1 of 2 by Ana')).click();
  await waitUntil(() => document.querySelector('plaudit-reviews').shadowRoot.querySelector('dialog[open] img')?.complete);
  const caption = () => inReviews(() => document.querySelector('plaudit-reviews').shadowRoot.querySelector('dialog figcaption')?.textContent ?? null);
  seen.lightboxCaption = await caption();
  await screenshot('firefox-widget-lightbox.png');
  await page.keyboard.press('ArrowRight');
  await waitUntil((before) => document.querySelector('plaudit-reviews').shadowRoot.querySelector('dialog figcaption')?.textContent !== before, seen.lightboxCaption);
  seen.lightboxCaptionAfterArrow = await caption();
  await page.keyboard.press('Escape');
  await waitUntil(() => !document.querySelector('plaudit-reviews').shadowRoot.querySelector('dialog[open]'));
  seen.lightboxClosed = true;

  step = 'show more reviews';
  await (await button('Show more reviews')).click();
  await waitUntil((before) => document.querySelector('plaudit-reviews').shadowRoot.querySelectorAll('ol.reviews > li').length !== before, seen.reviewsShown);
  seen.reviewsAfterMore = await inReviews(() => document.querySelector('plaudit-reviews').shadowRoot.querySelectorAll('ol.reviews > li').length);
  seen.statusAfterMore = await statusText();

  step = 'filter by 4 stars';
  const beforeFilter = await statusText();
  await (await page.evaluateHandle(() => document.querySelector('plaudit-reviews').shadowRoot.querySelectorAll('.histogram button')[1])).click();
  await waitUntil((before) => document.querySelector('plaudit-reviews').shadowRoot.querySelector('p.status[role=status]')?.textContent.trim() !== before, beforeFilter);
  seen.statusFiltered = await statusText();
  seen.authorsFiltered = (await authors()).sort();
  seen.filterPressed = await inReviews(() => document.querySelector('plaudit-reviews').shadowRoot.querySelectorAll('.histogram button')[1].getAttribute('aria-pressed'));
  await (await button('Show all reviews')).click();
  await waitUntil((before) => document.querySelector('plaudit-reviews').shadowRoot.querySelector('p.status[role=status]')?.textContent.trim() !== before, seen.statusFiltered);
  seen.statusUnfiltered = await statusText();

  step = 'sort';
  const sortBy = async (value) => {
    const before = JSON.stringify(await authors());
    const select = await page.evaluateHandle(() => document.querySelector('plaudit-reviews').shadowRoot.querySelector('select'));
    await select.select(value);
    await waitUntil((before) => JSON.stringify([...document.querySelector('plaudit-reviews').shadowRoot.querySelectorAll('ol.reviews .author')].map((a) => a.textContent.trim())) !== before, before);
    return (await authors())[0];
  };
  seen.firstWhenLowest = await sortBy('lowest');
  seen.firstWhenOldest = await sortBy('oldest');

  step = 'write a review with a photo';
  await (await button('Write a review')).click();
  await waitUntil(() => document.querySelector('plaudit-reviews').shadowRoot.querySelector('form'));
  const field = (label) => page.evaluateHandle((label) => {
    const form = document.querySelector('plaudit-reviews').shadowRoot.querySelector('form');
    const found = [...form.querySelectorAll('label')].find((l) => l.textContent.trim().startsWith(label));
    return found ? form.querySelector('#' + CSS.escape(found.htmlFor)) : null;
  }, label);
  await (await page.evaluateHandle(() => document.querySelector('plaudit-reviews').shadowRoot.querySelector("form label[title='4 stars']"))).click();
  await (await field('Title')).type('Firefox <b>too</b>');
  await (await field('Your review')).type('Checked in Firefox: it renders and it takes my review.');
  await (await field('Name')).type('Ines');
  await (await field('Email')).type('ines@example.com');
  await (await field('Photos')).uploadFile(input.photoPath);
  // The batch that carries SUBMIT_REVIEW: an earlier one (the 5-second timer) may carry only the view.
  const eventsSent = page.waitForResponse(async (r) => {
    const request = r.request();
    if (request.method() !== 'POST' || !r.url().includes('/storefront/v1/events/batch')) return false;
    const body = (await request.fetchPostData().catch(() => undefined)) ?? '';
    return body.includes('SUBMIT_REVIEW');
  }, { timeout: 15_000 });
  await (await button('Submit review')).click();
  await waitUntil(() => [...document.querySelector('plaudit-reviews').shadowRoot.querySelectorAll('[role=status]')].some((s) => s.textContent.includes('Thank you!')));
  seen.submitted = await inReviews(() => [...document.querySelector('plaudit-reviews').shadowRoot.querySelectorAll('[role=status]')]
    .map((s) => s.textContent.trim()).find((t) => t.includes('Thank you!')));
  await screenshot('firefox-widget-review-submitted.png');
  step = 'send the events';
  seen.eventsBatchStatus = (await eventsSent).status();
  seen.userAgent = await browser.version();
} catch (error) {
  seen.failed = `${step}: ${error.message}`;
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(seen) + '\n');
