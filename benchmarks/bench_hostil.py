"""Benchmark de entradas hostiles pero pequeñas (no es un test: mide y reporta).

    python benchmarks/bench_hostil.py [--repeticiones 3]

Un archivo de JLE de ≈7 MB (bajo el tope de 8 MiB) que es todo problemas, de dos formas:
340 000 claves desconocidas, y 140 000 acuerdos con estatus fuera del catálogo. Se mide el
proceso completo de `informe validar` sin caché, y como piso, en el mismo proceso de medición,
lo que tarda libyaml solo en componer ese mismo texto (yaml.compose con CSafeLoader, sin el
recolector de basura, como lo hace informe). La meta
del issue 11 es menos de 5 s por archivo; la razón contra el piso dice cuánto agrega el lector.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

AQUI = Path(__file__).resolve().parent
DESTINO = AQUI / "_generado" / "hostil"


def archivos() -> dict[str, Path]:
    DESTINO.mkdir(parents=True, exist_ok=True)
    claves = DESTINO / "claves-desconocidas.yaml"
    if not claves.exists():
        claves.write_text("\n".join(["entidad: Colima", "periodo: 2024-05"]
                                    + [f"clave_rara_{i}: x" for i in range(340_000)]) + "\n", encoding="utf-8")
    estatus = DESTINO / "estatus-desconocidos.yaml"
    if not estatus.exists():
        estatus.write_text("\n".join(["entidad: Colima", "periodo: 2024-05", "acuerdos:"]
                                     + [f"  - descripcion: Acuerdo {i}\n    estatus: Terminadx{i % 7}"
                                        for i in range(140_000)]) + "\n", encoding="utf-8")
    return {"340 000 claves desconocidas": claves, "140 000 estatus desconocidos": estatus}


def piso(ruta: Path, repeticiones: int) -> float:
    """libyaml compone, sin el recolector de basura (como informe): lo mínimo que cuesta leer el texto."""
    import gc

    import yaml

    texto = ruta.read_text(encoding="utf-8")
    tiempos = []
    for _ in range(repeticiones):
        gc.disable()
        inicio = time.perf_counter()
        yaml.compose(texto, Loader=yaml.CSafeLoader)
        tiempos.append(time.perf_counter() - inicio)
        gc.enable()
        gc.collect()
    return statistics.median(tiempos)


def medir(ruta: Path, repeticiones: int) -> float:
    entorno = {**os.environ, "INFORME_CACHE": "0"}
    tiempos = []
    for _ in range(repeticiones):
        inicio = time.perf_counter()
        r = subprocess.run([sys.executable, "-m", "informe", "validar", str(ruta)], capture_output=True, env=entorno)
        tiempos.append(time.perf_counter() - inicio)
        assert r.returncode == 1, r.stderr.decode()
    return statistics.median(tiempos)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeticiones", type=int, default=3)
    args = parser.parse_args()
    print("| archivo hostil | MB | informe validar | piso: libyaml compone | razón |")
    print("|---|---:|---:|---:|---:|")
    for nombre, ruta in archivos().items():
        t, p = medir(ruta, args.repeticiones), piso(ruta, args.repeticiones)
        print(f"| {nombre} | {ruta.stat().st_size / 1e6:.1f} | {t:.2f} s | {p:.2f} s | {t / p:.1f}× |")


if __name__ == "__main__":
    main()
