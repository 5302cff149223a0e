/** What a controller needs to tell the person something: a notice per topic (the view is ui/notice-view.ts). */

/** How serious a notice is. */
export type NoticeKind = 'error' | 'warning' | 'info';

/** The mounted notices. */
export interface NoticeArea {
  /** Shows a notice on `topic`, replacing the one before; `details` become a list under the message. */
  show(topic: string, kind: NoticeKind, message: string, details?: readonly string[]): void;
  /** Removes the notice on `topic`, if any. */
  clear(topic: string): void;
  dispose(): void;
}
