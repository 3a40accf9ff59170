/// The dashboard's inline script. Buttons and forms with `data-url` call the control API (`POST`, or
/// `data-method`; a form sends its fields as a JSON object); after each call, and after each new
/// journal entry, the live parts that changed are replaced by those of a fresh copy of the page. New journal
/// entries arrive through `/__admin/journal/stream` with the page's filters and are added on top.
/// The page's own requests carry no credentials of their own (see docs/dashboard.md).
enum DashboardScript {
    static let javaScript = """
        (() => {
          const status = document.getElementById('status');
          const table = document.getElementById('journal-table');
          const say = (text, bad) => { status.textContent = text; status.className = bad ? 'error' : 'muted'; };

          async function call(method, url, body) {
            const init = { method, headers: {} };
            if (body !== undefined) { init.headers['content-type'] = 'application/json'; init.body = JSON.stringify(body); }
            const response = await fetch(url, init);
            if (!response.ok) {
              let text = await response.text();
              try { text = JSON.parse(text).error_description || text; } catch (e) {}
              throw new Error(`${method} ${url}: ${response.status} ${text}`);
            }
            say(`${method} ${url}: ${response.status}`, false);
          }

          let refreshing = null, again = false;
          async function refresh() {
            if (refreshing) { again = true; return refreshing; }
            refreshing = (async () => {
              try {
                const response = await fetch(location.href, { headers: { accept: 'text/html' } });
                if (!response.ok) return;
                const page = new DOMParser().parseFromString(await response.text(), 'text/html');
                for (const fresh of page.querySelectorAll('[data-live]')) {
                  const current = document.getElementById(fresh.id);
                  if (current && current.outerHTML !== fresh.outerHTML) current.replaceWith(document.importNode(fresh, true));
                }
              } finally {
                refreshing = null;
                if (again) { again = false; refresh(); }
              }
            })();
            return refreshing;
          }
          let timer = null;
          const soon = () => { clearTimeout(timer); timer = setTimeout(refresh, 150); };

          async function act(element, method, url, body) {
            element.disabled = true;
            try { await call(method, url, body); } catch (error) { say(error.message, true); }
            finally { element.disabled = false; await refresh(); }
          }
          document.addEventListener('click', (event) => {
            const button = event.target.closest('button[data-url]');
            if (!button) return;
            event.preventDefault();
            act(button, button.dataset.method || 'POST', button.dataset.url);
          });
          document.addEventListener('submit', (event) => {
            const form = event.target.closest('form[data-url]');
            if (!form) return;
            event.preventDefault();
            const body = {};
            for (const input of form.querySelectorAll('input[name]')) {
              body[input.name] = input.type === 'number' ? Number(input.value) : input.value;
            }
            act(form.querySelector('button[type=submit]'), form.dataset.method || 'POST', form.dataset.url, body);
          });

          const text = (value) => typeof value === 'string' ? value : JSON.stringify(value);
          function row(entry) {
            const tr = document.createElement('tr');
            tr.dataset.seq = entry.seq; tr.dataset.event = entry.event; tr.title = entry.time;
            const request = [entry.method, entry.path, entry.status === undefined ? undefined : `→ ${entry.status}`]
              .filter((part) => part !== undefined).join(' ');
            const details = Object.keys(entry.details || {}).sort()
              .map((key) => `${key}=${text(entry.details[key])}`).join(' ');
            const cells = [['#', String(entry.seq), 'mono'], ['Time', entry.time.slice(11, 19), 'mono'],
              ['Event', entry.event, 'event'], ['Request', request, 'mono'], ['Client', entry.client || '', ''],
              ['User', entry.user || '', ''], ['Details', details, 'mono details']];
            for (const [label, value, style] of cells) {
              const td = document.createElement('td');
              td.dataset.label = label; td.textContent = value;
              if (style) td.className = style;
              tr.appendChild(td);
            }
            return tr;
          }

          const filters = new URLSearchParams();
          for (const name of ['event', 'client', 'user']) {
            if (table.dataset[name]) filters.set(name, table.dataset[name]);
          }
          const filtered = filters.toString() !== '';
          filters.set('since', table.dataset.lastSeq);
          const rows = new EventSource(`/__admin/journal/stream?${filters}`);
          const body = table.tBodies[0];
          const count = document.getElementById('journal-count');
          rows.addEventListener('journal', (message) => {
            const entry = JSON.parse(message.data);
            if (body.querySelector(`tr[data-seq="${entry.seq}"]`)) return;
            body.insertBefore(row(entry), body.firstChild);
            while (body.rows.length > 500) body.deleteRow(body.rows.length - 1);
            if (!filtered) { count.textContent = `${entry.seq} events`; soon(); }
          });
          if (filtered) {
            const all = new EventSource(`/__admin/journal/stream?since=${table.dataset.lastSeq}`);
            all.addEventListener('journal', (message) => {
              count.textContent = `${JSON.parse(message.data).seq} events`;
              soon();
            });
          }
        })();
        """
}
