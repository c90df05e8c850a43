"""Environment shared by `make execute` (storing outputs) and `make test` (checking them).

Both must run the notebooks under the same conditions, or nbval would compare outputs
made under different settings. Anything that can make an output differ between runs
on the same machine is pinned here.
"""
import os

# Large reductions and matrix products may differ in the last digits between thread
# counts; the stored outputs are made and checked with one thread unless the caller
# says otherwise (e.g. `OMP_NUM_THREADS=2 make test` to check they hold at 2 threads).
DEFAULT_THREADS = "1"

KERNEL_ENV = {
    # Warnings name the cell's temporary file; this makes the name stable.
    "IPYKERNEL_CELL_NAME": "<IPY-INPUT>",
    # Set and dict iteration of strings must not change between kernel processes.
    "PYTHONHASHSEED": "0",
    # Plots go to the inline backend; no GUI is ever opened.
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    # Silences the Python 3.11 debugger notice about frozen modules on kernel start.
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    # No bytecode caches next to the notebooks.
    "PYTHONDONTWRITEBYTECODE": "1",
}


def apply(environ=os.environ):
    """Put the pinned settings into `environ` (the kernel inherits them)."""
    threads = environ.get("OMP_NUM_THREADS") or DEFAULT_THREADS
    environ["OMP_NUM_THREADS"] = threads
    environ["MKL_NUM_THREADS"] = threads
    environ.update(KERNEL_ENV)
    return environ
