import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

/** Terminal size in character cells. */
export interface TerminalSize {
  columns: number;
  rows: number;
}

const readSize = (stdout: NodeJS.WriteStream): TerminalSize => ({
  // Both are undefined or 0 when stdout is not a terminal: assume the classic 80×24.
  columns: stdout.columns || 80,
  rows: stdout.rows || 24,
});

/**
 * A React hook that returns the terminal size and re-renders the component when the
 * terminal is resized. Ink 6 has no useWindowSize, so it listens to stdout's
 * 'resize' event itself (and stops listening on unmount).
 */
export default function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => readSize(stdout));
  useEffect(() => {
    const onResize = (): void => {
      const next = readSize(stdout);
      setSize((current) => (current.columns === next.columns && current.rows === next.rows ? current : next));
    };
    onResize();
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
