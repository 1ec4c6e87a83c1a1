// Saving generated text (scripts, rollbacks, rule models) as a download: browser mode saves to the
// Downloads folder, Electron asks where.
export function saveText(text: string, filename: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(a.href);
}
