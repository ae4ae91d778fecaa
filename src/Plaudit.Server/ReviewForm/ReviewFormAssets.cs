using Plaudit.Server.Emails;

namespace Plaudit.Server.ReviewForm;

/// <summary>
/// The review page's stylesheet (mobile first, system fonts, contrast checked by axe in the tests),
/// its script (photo uploads with previews; the form works without it), and the per-shop theme.
/// </summary>
public static class ReviewFormAssets
{
    public static string Theme(string accent) => $":root {{ --accent: {accent}; --accent-text: {ShopColor.TextOn(accent)}; }}\n";

    public const string Stylesheet = """
        :root { --accent: #1f6feb; --accent-text: #ffffff; --ink: #1f2328; --muted: #57606a; --line: #c4cbd3; --star: #9a6700; --star-off: #6e7781; }
        * { box-sizing: border-box; }
        body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f7f9; line-height: 1.5; }
        main { max-width: 40rem; margin: 0 auto; padding: 1rem; }
        header { padding: .5rem 0 1rem; }
        .shop { font-weight: 700; margin: 0; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; font-size: .85rem; }
        h1 { font-size: 1.5rem; margin: .25rem 0; }
        h2 { font-size: 1.15rem; margin: 0 0 .75rem; }
        .muted { color: var(--muted); font-weight: 400; }
        section.product { background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 1rem; margin: 0 0 1rem; }
        .thumb { float: right; border-radius: 8px; object-fit: cover; margin: 0 0 .5rem .75rem; }
        fieldset { border: 0; padding: 0; margin: 0 0 .75rem; }
        legend { font-weight: 600; padding: 0; margin-bottom: .25rem; }
        .star-row { display: flex; gap: .15rem; }
        .stars input { position: absolute; opacity: 0; width: 1px; height: 1px; }
        .stars label { font-size: 2.4rem; line-height: 1; color: var(--star-off); cursor: pointer; padding: .1rem .15rem; border-radius: 6px; min-width: 44px; text-align: center; }
        .star-row:has(input[value="1"]:checked) label:nth-of-type(-n+1),
        .star-row:has(input[value="2"]:checked) label:nth-of-type(-n+2),
        .star-row:has(input[value="3"]:checked) label:nth-of-type(-n+3),
        .star-row:has(input[value="4"]:checked) label:nth-of-type(-n+4),
        .star-row:has(input[value="5"]:checked) label:nth-of-type(-n+5) { color: var(--star); }
        .stars input:focus-visible + label { outline: 3px solid var(--accent); outline-offset: 2px; }
        label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
        input[type=text], textarea { width: 100%; font: inherit; padding: .6rem .7rem; border: 1px solid #8c959f; border-radius: 8px; background: #fff; color: var(--ink); }
        input[type=text]:focus, textarea:focus, input[type=file]:focus-visible { outline: 3px solid var(--accent); outline-offset: 1px; }
        button { font: inherit; font-weight: 600; border-radius: 8px; cursor: pointer; }
        button[type=submit] { display: block; width: 100%; margin-top: 1rem; padding: .8rem 1rem; border: 0; background: var(--accent); color: var(--accent-text); }
        button[type=submit]:focus-visible { outline: 3px solid var(--ink); outline-offset: 2px; }
        button[disabled] { opacity: .6; cursor: progress; }
        .previews { list-style: none; padding: 0; margin: .5rem 0 0; display: flex; flex-wrap: wrap; gap: .5rem; }
        .previews li { display: flex; flex-direction: column; align-items: center; gap: .25rem; }
        .previews img, .previews video { width: 76px; height: 76px; object-fit: cover; border-radius: 8px; border: 1px solid var(--line); }
        .previews .remove { border: 1px solid #8c959f; background: #fff; color: var(--ink); padding: .2rem .5rem; font-size: .85rem; }
        .error { background: #fff1f0; border: 1px solid #cf222e; color: #a40e26; padding: .6rem .75rem; border-radius: 8px; }
        .done { background: #eefbf1; border: 1px solid #1a7f37; border-radius: 8px; padding: .25rem .75rem; }
        .given-stars { color: var(--star); font-size: 1.4rem; margin: 0; }
        .content { white-space: pre-line; }
        footer { font-size: .85rem; text-align: center; padding: 1rem 0; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
        @media (min-width: 40rem) { main { padding: 2rem 1rem; } section.product { padding: 1.5rem; } button[type=submit] { width: auto; } }
        """;

    public const string Script = """
        "use strict";
        // Photo and video uploads for the review form: each photo goes to the shop's image upload target
        // under a policy the page asks for, a video to a pre-signed URL the page asks for, and its URL
        // joins the form as a hidden field. Without this script the form still works (without media).
        const MAX_PHOTOS = 5;
        const TYPES = { "image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp" };

        async function upload(policyUrl, file) {
          const type = TYPES[file.type] ? file.type : "image/jpeg";
          const answer = await fetch(policyUrl + "?content_type=" + encodeURIComponent(type), { credentials: "same-origin" });
          if (!answer.ok) throw new Error("no upload permission");
          const policy = await answer.json();
          const name = (self.crypto && crypto.randomUUID) ? crypto.randomUUID() : Date.now().toString(16) + Math.random().toString(16).slice(2);
          const key = policy.dir + name + TYPES[type];
          const body = new FormData();
          for (const [field, value] of Object.entries(policy.fields)) body.append(field, field === "key" ? key : value);
          body.append(policy.file_field, file);
          const sent = await fetch(policy.host, { method: "POST", body });
          if (!sent.ok) throw new Error("upload refused");
          return policy.media_url_prefix + key.slice(policy.dir.length);
        }

        // A video is PUT whole to a pre-signed URL bound to its size (and, on S3, its type).
        async function uploadVideo(grantUrl, file) {
          const answer = await fetch(grantUrl + "?file_name=" + encodeURIComponent(file.name) + "&file_size=" + file.size, { credentials: "same-origin" });
          if (!answer.ok) throw new Error("no upload permission");
          const grant = await answer.json();
          const headers = {};
          // The browser sets Content-Length itself and refuses to be told it.
          for (const [name, value] of Object.entries(grant.headers || {})) if (name.toLowerCase() !== "content-length") headers[name] = value;
          const sent = await fetch(grant.upload_url, { method: grant.method, headers, body: file });
          if (!sent.ok) throw new Error("upload refused");
          return grant.media_url;
        }

        for (const form of document.querySelectorAll("form.review[data-upload-policy]")) {
          const photos = form.querySelector(".photos");
          const picker = photos.querySelector("input[type=file]:not([accept^=video])");
          const videoPicker = photos.querySelector("input[type=file][accept^=video]");
          const list = photos.querySelector(".previews");
          const status = photos.querySelector(".upload-status");
          const submit = form.querySelector("button[type=submit]");
          let pending = 0;
          photos.hidden = false;
          const attached = () => form.querySelectorAll("input[name=media]:not([data-video])").length;
          const videoAttached = () => form.querySelectorAll("input[name=media][data-video]").length;

          function show(url, file, isVideo) {
            const noun = isVideo ? "video" : "photo";
            const hidden = document.createElement("input");
            hidden.type = "hidden"; hidden.name = "media"; hidden.value = url;
            if (isVideo) hidden.dataset.video = "";
            form.appendChild(hidden);
            const item = document.createElement("li");
            const preview = document.createElement(isVideo ? "video" : "img");
            preview.src = URL.createObjectURL(file);
            if (isVideo) { preview.muted = true; preview.controls = true; preview.setAttribute("aria-label", "Your video " + file.name); }
            else preview.alt = "Your photo " + file.name;
            const remove = document.createElement("button");
            remove.type = "button"; remove.className = "remove"; remove.textContent = "Remove";
            remove.setAttribute("aria-label", "Remove " + noun + " " + file.name);
            remove.addEventListener("click", () => {
              hidden.remove(); item.remove(); status.textContent = isVideo ? "Video removed." : "Photo removed.";
              (isVideo ? videoPicker : picker).focus();
            });
            item.append(preview, remove);
            list.appendChild(item);
          }

          picker.addEventListener("change", async () => {
            for (const file of Array.from(picker.files)) {
              if (attached() + pending >= MAX_PHOTOS) { status.textContent = "You can attach up to " + MAX_PHOTOS + " photos."; break; }
              pending++; submit.disabled = true;
              status.textContent = "Uploading " + file.name + "…";
              try { show(await upload(form.dataset.uploadPolicy, file), file, false); status.textContent = "Photo added: " + file.name; }
              catch { status.textContent = "Could not upload " + file.name + ". Try a JPEG or PNG photo."; }
              finally { pending--; submit.disabled = pending > 0; }
            }
            picker.value = "";
          });

          videoPicker.addEventListener("change", async () => {
            const file = videoPicker.files[0];
            videoPicker.value = "";
            if (!file) return;
            if (videoAttached() + pending >= 1) { status.textContent = "You can attach one video; remove it to choose another."; return; }
            pending++; submit.disabled = true;
            status.textContent = "Uploading " + file.name + "…";
            try { show(await uploadVideo(form.dataset.videoUpload, file), file, true); status.textContent = "Video added: " + file.name; }
            catch { status.textContent = "Could not upload " + file.name + ". Try an MP4 video."; }
            finally { pending--; submit.disabled = pending > 0; }
          });
        }
        """;
}
