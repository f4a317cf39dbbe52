// Enhances the contact page: a play button per turn seeks the recording there, and the turn
// being played is highlighted. The page stays fully readable without this script.
(() => {
  const player = document.getElementById('player');
  const table = document.getElementById('turns');
  if (!(player instanceof HTMLAudioElement) || !table) return;
  const rows = Array.from(table.querySelectorAll('.ws-turn'));
  const starts = rows.map((row) => Number(row.getAttribute('data-start')));
  for (const button of table.querySelectorAll('button.ws-play')) button.hidden = false;
  table.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button.ws-play') : null;
    if (!button) return;
    player.currentTime = Number(button.closest('.ws-turn')?.getAttribute('data-start'));
    void player.play().catch(() => {});
  });
  let current = null;
  const highlight = () => {
    const time = player.currentTime;
    // Binary search: the last turn that starts at or before the playing position.
    let low = 0;
    let high = starts.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (starts[mid] <= time) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    const row = found >= 0 ? rows[found] : null;
    if (row === current) return;
    if (current) {
      current.classList.remove('ws-turn--playing');
      current.removeAttribute('aria-current');
    }
    current = row;
    if (row) {
      row.classList.add('ws-turn--playing');
      row.setAttribute('aria-current', 'true');
    }
  };
  player.addEventListener('timeupdate', highlight);
  player.addEventListener('seeked', highlight);
})();
