/**
 * Opening a scenario file (PRODUCT.md "Bad input"): an "Open file" button with a file picker, and dropping a file
 * anywhere on the page. The size is checked before the file is read; the text is parsed and validated as untrusted
 * input; problems are shown as text with their JSON paths, and a valid scenario runs as the current one.
 */
import { formatProblems } from '../lib/result.ts';
import type { PresetCatalog } from '../scenario/parse.ts';
import type { AppStore } from '../state/store.ts';
import type { NoticeArea } from '../app/notices.ts';
import { MAX_UPLOAD_BYTES, readScenarioText, tooBig } from '../app/scenario-file.ts';

/** Mounts the Open file button at the start of `host` and the drop target on `dropZone`; returns the remover. */
export function createUploadView(
  host: HTMLElement,
  dropZone: HTMLElement,
  store: AppStore,
  catalog: PresetCatalog,
  notices: NoticeArea,
): () => void {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = '.json,application/json';
  input.id = 'scenario-file-input';
  input.hidden = true;
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'open-file';
  button.textContent = 'Open file';
  button.title = 'Open a scenario file (.json); you can also drop one on the page';
  button.addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    input.value = '';
    if (file) void openFile(file);
  });
  host.prepend(button, input);

  const openFile = async (file: File) => {
    const name = file.name || 'the file';
    if (file.size > MAX_UPLOAD_BYTES) {
      const p = tooBig(name, file.size);
      return notices.show('upload', 'error', `${name} cannot be opened: ${p.message}.`);
    }
    let text: string;
    try {
      text = await file.text();
    } catch (e) {
      return notices.show('upload', 'error', `${name} cannot be read: ${(e as Error).message ?? e}.`);
    }
    const read = readScenarioText(text, name, file.size, catalog);
    if (!read.ok) {
      const lines = formatProblems(read.error).split('\n');
      return notices.show('upload', 'error', `${name} is not a scenario this page can run:`, lines);
    }
    const { scenario, baseId } = read.value;
    store
      .getState()
      .openScenario(
        { origin: 'file', label: name, scenario, baseId },
        { presetId: baseId ?? store.getState().presetId, controls: {}, cursor: 0, selected: null },
      );
    const compared = baseId ? `compared with the preset "${baseId}"` : 'its own baseline (it extends no preset)';
    notices.show('upload', 'info', `Opened ${name}: “${scenario.title}”, ${compared}.`);
  };

  // Drag and drop: only drags that carry files are taken; the page shows where to drop while one is over it.
  let depth = 0;
  const carriesFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes('Files');
  const onEnter = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    depth++;
    dropZone.classList.add('dropping');
  };
  const onOver = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  };
  const onLeave = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    depth = Math.max(0, depth - 1);
    if (!depth) dropZone.classList.remove('dropping');
  };
  const onDrop = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    depth = 0;
    dropZone.classList.remove('dropping');
    const files = e.dataTransfer?.files;
    if (!files?.length) return;
    if (files.length > 1) notices.show('upload', 'warning', `${files.length} files were dropped; opening the first.`);
    void openFile(files[0]!);
  };
  dropZone.addEventListener('dragenter', onEnter);
  dropZone.addEventListener('dragover', onOver);
  dropZone.addEventListener('dragleave', onLeave);
  dropZone.addEventListener('drop', onDrop);
  return () => {
    button.remove();
    input.remove();
    dropZone.removeEventListener('dragenter', onEnter);
    dropZone.removeEventListener('dragover', onOver);
    dropZone.removeEventListener('dragleave', onLeave);
    dropZone.removeEventListener('drop', onDrop);
  };
}
