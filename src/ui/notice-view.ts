/**
 * Notices over the top of the globe column: a bad link, a file that cannot be opened, a link whose results differ, an engine
 * worker that was restarted. Each stays until dismissed or replaced by the next notice on its topic, so nothing is
 * hidden; errors are announced at once (role "alert"), the rest politely (role "status"). Text only, never markup.
 */

import type { NoticeArea } from '../app/notices.ts';

/** Most detail lines listed; the rest are counted. */
const MAX_DETAILS = 12;

/** Mounts an empty notice area at the end of `parent`. */
export function createNoticeArea(parent: HTMLElement): NoticeArea {
  const area = document.createElement('div');
  area.className = 'notices';
  area.id = 'notices';
  parent.appendChild(area);
  const byTopic = new Map<string, HTMLElement>();

  const clear = (topic: string) => {
    byTopic.get(topic)?.remove();
    byTopic.delete(topic);
  };
  return {
    show(topic, kind, message, details = []) {
      clear(topic);
      const box = document.createElement('div');
      box.className = 'notice';
      box.dataset.kind = kind;
      box.dataset.topic = topic;
      box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
      const text = document.createElement('p');
      text.className = 'notice-text';
      text.textContent = message;
      box.appendChild(text);
      if (details.length) {
        const list = document.createElement('ul');
        list.className = 'notice-details';
        for (const line of details.slice(0, MAX_DETAILS)) {
          const li = document.createElement('li');
          li.textContent = line;
          list.appendChild(li);
        }
        if (details.length > MAX_DETAILS) {
          const li = document.createElement('li');
          li.textContent = `… and ${details.length - MAX_DETAILS} more`;
          list.appendChild(li);
        }
        box.appendChild(list);
      }
      const close = document.createElement('button');
      close.type = 'button';
      close.className = 'notice-close';
      close.textContent = 'Dismiss';
      close.setAttribute('aria-label', 'Dismiss this message');
      close.addEventListener('click', () => clear(topic));
      box.appendChild(close);
      area.appendChild(box);
      byTopic.set(topic, box);
    },
    clear,
    dispose() {
      area.remove();
      byTopic.clear();
    },
  };
}
