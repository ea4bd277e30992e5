"""Benchmark de la caché tomada por otro proceso (issue 33; no es un test: mide y reporta).

    python benchmarks/bench_hostil3b.py [--repeticiones 3]

Un `informe` detenido con Ctrl+Z a media escritura deja la base de la caché tomada. Se mide `informe
validar` de la demostración (105 archivos) en ese estado, con una caché nueva cada vez (así escribe una
fila por archivo), y como piso, en la misma corrida, la misma orden sin caché (`INFORME_CACHE=0`): la
diferencia es lo que cuesta la caché tomada. Antes cada escritura esperaba 10 s (más de dos minutos en
total); ahora se espera una vez `cache.ESPERA` y se sigue sin caché.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
DEMO = RAIZ / "ejemplos" / "demo"


def _validar(cache: str) -> float:
    entorno = {**os.environ, "INFORME_CACHE": cache}
    inicio = time.perf_counter()
    subprocess.run([sys.executable, "-m", "informe", "validar", str(DEMO), "-f", "json"], env=entorno,
                   capture_output=True, check=False)
    return time.perf_counter() - inicio


def _con_cache_tomada() -> float:
    """validar con una caché nueva cuya base otra conexión tiene tomada para escribir."""
    with tempfile.TemporaryDirectory() as carpeta:
        os.environ["INFORME_CACHE"] = carpeta
        from informe import cache

        cache.reiniciar()
        cache.guardar_figura("0" * 64, b"png")  # la base con sus tablas, como la deja cualquier orden
        cache.reiniciar()
        otro = sqlite3.connect(Path(carpeta) / cache.BASE, isolation_level=None)
        otro.execute("BEGIN IMMEDIATE")
        try:
            return _validar(carpeta)
        finally:
            otro.execute("ROLLBACK")
            otro.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeticiones", type=int, default=3)
    n = parser.parse_args().repeticiones
    sys.path.insert(0, str(RAIZ))
    from informe.cache import ESPERA

    piso = statistics.median(_validar("0") for _ in range(n))
    tomada = statistics.median(_con_cache_tomada() for _ in range(n))
    print(f"validar de la demostración sin caché (piso): {piso:.2f} s")
    print(f"con la caché tomada por otro proceso: {tomada:.2f} s (razón {tomada / piso:.2f}; "
          f"una espera de {ESPERA:g} s, no una por archivo)")


if __name__ == "__main__":
    main()
