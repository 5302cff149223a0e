/**
 * Notices over the top of the globe column: a bad link, a file that cannot be opened, a link whose results differ, an engine
 * worker that was restarted. Each stays until dismissed or replaced by the next notice on its topic, so nothing is
 * hidden; errors are announced at once (role "alert"), the rest politely (role "status"). Text only, never markup.
 */

import type { NoticeArea } from '../app/notices.ts';
import { button, h } from './kit/h.ts';

/** Most detail lines listed; the rest are counted. */
const MAX_DETAILS = 12;

/** Mounts an empty notice area at the end of `parent`. */
export function createNoticeArea(parent: HTMLElement): NoticeArea {
  const area = h('div', { class: 'notices', id: 'notices' });
  parent.appendChild(area);
  const byTopic = new Map<string, HTMLElement>();

  const clear = (topic: string) => {
    byTopic.get(topic)?.remove();
    byTopic.delete(topic);
  };
  return {
    show(topic, kind, message, details = []) {
      clear(topic);
      const box = h(
        'div',
        { class: 'notice', 'data-kind': kind, 'data-topic': topic, role: kind === 'error' ? 'alert' : 'status' },
        h('p', { class: 'notice-text' }, message),
      );
      if (details.length) {
        const more = details.length > MAX_DETAILS ? `… and ${details.length - MAX_DETAILS} more` : null;
        const lines = [...details.slice(0, MAX_DETAILS), ...(more ? [more] : [])];
        box.appendChild(h('ul', { class: 'notice-details' }, ...lines.map((line) => h('li', null, line))));
      }
      box.appendChild(
        button({ class: 'notice-close', 'aria-label': 'Dismiss this message' }, 'Dismiss', () => clear(topic)),
      );
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
