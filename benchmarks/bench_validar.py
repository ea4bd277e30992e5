"""Benchmark de `informe validar` (no es un test: mide y reporta).

    python benchmarks/bench_validar.py [--repeticiones 5]

Genera en benchmarks/_generado/ (ignorado por git) una historia FICTICIA de 24
periodos × 32 entidades con ≈300 acuerdos nuevos por entidad y periodo, y mide
el tiempo de pared del proceso completo (arranque del intérprete incluido), sin caché
(INFORME_CACHE=0) y con la caché de archivos ya llena:

1. los 32 archivos del primer periodo (≈300 acuerdos cada uno; no hay historia que leer);
2. los mismos 32 archivos con la historia de los 23 periodos anteriores (--datos);
3. los 768 archivos de la historia completa.

Reporta la mediana de las repeticiones y los MB leídos, para ver que el costo
crece de forma lineal con el tamaño de los datos.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

AQUI = Path(__file__).resolve().parent
sys.path.insert(0, str(AQUI))

from generar import generar  # noqa: E402

DESTINO = AQUI / "_generado" / "historia-24"


def _tamano(ruta: Path) -> float:
    archivos = [ruta] if ruta.is_file() else list(ruta.rglob("*.yaml"))
    return sum(p.stat().st_size for p in archivos) / 1e6


CACHE = AQUI / "_generado" / "cache"


def medir(args: list[str], repeticiones: int, cache: bool = False) -> float:
    import os

    entorno = {**os.environ, "INFORME_CACHE": str(CACHE) if cache else "0"}
    if cache:  # una corrida para llenar la caché; se miden las siguientes
        subprocess.run([sys.executable, "-m", "informe", *args], capture_output=True, env=entorno)
    tiempos = []
    for _ in range(repeticiones):
        inicio = time.perf_counter()
        r = subprocess.run([sys.executable, "-m", "informe", *args], capture_output=True, env=entorno)
        tiempos.append(time.perf_counter() - inicio)
        if r.returncode not in (0, 1):
            raise SystemExit(r.stderr.decode())
    return statistics.median(tiempos)


def piso_libyaml(ruta: Path, repeticiones: int) -> float:
    """El piso: lo que libyaml (CSafeLoader) tarda en componer esos mismos archivos, en este proceso y en
    esta corrida (sin arrancar Python ni interpretar nada). Las razones del README son contra él."""
    import yaml

    archivos = [ruta] if ruta.is_file() else sorted(ruta.rglob("*.yaml"))
    tiempos = []
    for _ in range(max(1, repeticiones)):
        inicio = time.perf_counter()
        for archivo in archivos:
            yaml.compose(archivo.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)
        tiempos.append(time.perf_counter() - inicio)
    return min(tiempos)


def historia_generada() -> list[Path]:
    """La historia de 24 periodos (se genera la primera vez) y sus carpetas de periodo, en orden."""
    if not (DESTINO / "proceso.yaml").exists():
        generar(DESTINO, periodos=24, acuerdos=300)
    return sorted(d for d in DESTINO.iterdir() if d.is_dir())


def repeticiones() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--repeticiones", type=int, default=5)
    return p.parse_args().repeticiones


def main() -> None:
    a = argparse.Namespace(repeticiones=repeticiones())
    periodos = historia_generada()
    primero, ultimo = periodos[0] / "jle", periodos[-1] / "jle"
    casos = [  # (nombre, orden, datos que existen, archivos que se validan: el piso es componer estos)
        ("32 archivos del 1er periodo (sin historia)", ["validar", str(primero), "--datos", str(DESTINO), "--formato", "json"],
         primero, primero),
        ("32 archivos del periodo 24 (23 de historia)",
         ["validar", str(ultimo), "--datos", str(DESTINO), "--formato", "json"], DESTINO, ultimo),
        ("768 archivos (24 periodos)", ["validar", str(DESTINO), "--datos", str(DESTINO), "--formato", "json"],
         DESTINO, DESTINO),
    ]
    medir(["--help"], 1)  # calienta la caché del sistema de archivos y de bytecode
    print(f"{'caso':48} {'MB':>6} {'piso s':>7} {'sin caché s':>12} {'×piso':>6} {'con caché s':>12} {'×piso':>6}")
    arranque = medir(["--help"], a.repeticiones)
    print(f"{'arranque (informe --help)':48} {'':>6} {'':>7} {arranque:12.3f}")
    for nombre, args, datos, validados in casos:
        piso = piso_libyaml(validados, a.repeticiones)
        frio = medir(args, a.repeticiones)
        caliente = medir(args, a.repeticiones, cache=True)
        mb = _tamano(datos)
        print(f"{nombre:48} {mb:6.1f} {piso:7.3f} {frio:12.3f} {frio / piso:6.1f} {caliente:12.3f} "
              f"{caliente / piso:6.1f}")


if __name__ == "__main__":
    main()
