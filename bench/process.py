"""Process helpers shared by the benchmark scripts."""

import signal
import subprocess


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL if the server has not exited within 5 s."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
