// The per-epoch progress bar of the training scripts (cli-progress).
import cliProgress from 'cli-progress';

/** Seconds as '1h02m', '3m05s' or '42s' (cli-progress's own formatter can print '2m60s'). */
export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '…';
  const s = Math.round(seconds);
  const pad = (n: number) => String(n).padStart(2, '0');
  const minutes = Math.round(s / 60);
  if (s >= 3600) return `${Math.floor(minutes / 60)}h${pad(minutes % 60)}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${pad(s % 60)}s`;
  return `${s}s`;
}

/**
 * A bar showing batches, running loss, samples/s and ETA. Without a terminal (CI, a log file) it
 * prints a line every 15 seconds instead of redrawing.
 */
export function epochProgressBar(): cliProgress.SingleBar {
  return new cliProgress.SingleBar(
    {
      format:
        'epoch {epoch} |{bar}| {value}/{total} batches | loss {loss} | {speed} samples/s | ETA {eta_formatted}',
      formatTime: (t: number) => formatEta(t),
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      noTTYOutput: true,
      notTTYSchedule: 15000,
    },
    cliProgress.Presets.shades_classic,
  );
}
