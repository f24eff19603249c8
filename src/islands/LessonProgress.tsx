/**
 * Fills the home page's progress slots, `<span data-progress-for={lessonId}>`, from the reader's
 * progress in localStorage ("3 of 7 checkpoints", "Completed"). Renders nothing itself; place it
 * once on the page with `client:idle`. Slots of lessons the reader has not started stay empty.
 * Corrupted storage reads as no progress (see ProgressStore).
 */
import { onCleanup, onMount } from 'solid-js';
import { progressLabel, ProgressStore } from '../lib/lessons/progress';

export default function LessonProgress() {
  onMount(() => {
    const store = new ProgressStore();
    const fill = () => {
      for (const slot of document.querySelectorAll<HTMLElement>('[data-progress-for]')) {
        const id = slot.dataset.progressFor ?? '';
        const text = progressLabel(store.get(id));
        slot.textContent = text;
        slot.hidden = text === '';
        if (text) slot.dataset.progressState = text === 'Completed' ? 'done' : 'started';
        else delete slot.dataset.progressState;
      }
    };
    fill();
    // Progress made in another tab shows up here too.
    const onStorage = () => fill();
    window.addEventListener('storage', onStorage);
    onCleanup(() => window.removeEventListener('storage', onStorage));
  });
  return null;
}
