"""The domain and the store never import Textual."""

import subprocess
import sys


def test_domain_and_store_do_not_import_textual():
    code = (
        "import sys, pkgutil, importlib\n"
        "import coachtui.domain, coachtui.store\n"
        "for pkg in (coachtui.domain, coachtui.store):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        if '.migrations' in info.name:\n"
        "            continue\n"
        "        importlib.import_module(info.name)\n"
        "import coachtui.banks, coachtui.generate, coachtui.demo\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "assert not bad, bad\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
