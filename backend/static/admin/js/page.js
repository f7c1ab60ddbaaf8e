// Behaviour every admin page shares, kept out of the markup (the pages allow no inline script or style):
// forms that ask before they submit, and progress bars drawn from their data.
for (const form of document.querySelectorAll('form[data-confirm]')) {
  form.addEventListener('submit', (e) => { if (!window.confirm(form.dataset.confirm)) e.preventDefault(); });
}
for (const bar of document.querySelectorAll('[data-percent]')) {
  bar.style.width = `${Math.max(0, Math.min(100, Number(bar.dataset.percent) || 0))}%`;
}
