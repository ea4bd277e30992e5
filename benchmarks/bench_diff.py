"""Benchmark de `informe diff` (no es un test: mide y reporta).

    python benchmarks/bench_diff.py [--repeticiones 5]

Sobre la historia FICTICIA de bench_validar.py (24 periodos × 32 entidades, ≈300 acuerdos
nuevos por entidad y periodo) mide `informe diff --formato json` entre dos periodos,
proceso completo, sin caché y con la caché de archivos llena; y, para ver que crece de
forma lineal, el mismo diff sobre las primeras 6, 12 y 24 carpetas.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

AQUI = Path(__file__).resolve().parent
sys.path.insert(0, str(AQUI))

from bench_validar import DESTINO, historia_generada, medir, repeticiones  # noqa: E402


def main() -> None:
    a = argparse.Namespace(repeticiones=repeticiones())
    periodos = [d.name for d in historia_generada()]
    print(f"{'caso':44} {'sin caché s':>12} {'con caché s':>12}")
    for n in (6, 12, 24):
        datos = DESTINO if n == 24 else AQUI / "_generado" / f"historia-{n}"
        if n != 24 and not datos.exists():
            datos.mkdir(parents=True)
            shutil.copy(DESTINO / "proceso.yaml", datos)
            for pid in periodos[:n]:
                shutil.copytree(DESTINO / pid, datos / pid)
        args = ["diff", "--desde", periodos[n - 2], "--hasta", periodos[n - 1], "--datos", str(datos), "--formato", "json"]
        frio = medir(args, a.repeticiones)
        caliente = medir(args, a.repeticiones, cache=True)
        print(f"{f'{n} periodos: {periodos[n - 2]} → {periodos[n - 1]}':44} {frio:12.3f} {caliente:12.3f}")


if __name__ == "__main__":
    main()
