"""Benchmark de `informe validar` (no es un test: mide y reporta).

    python benchmarks/bench_validar.py [--repeticiones 5]

Genera en benchmarks/_generado/ (ignorado por git) una historia FICTICIA de 24
periodos × 32 entidades con ≈300 acuerdos nuevos por entidad y periodo, y mide
el tiempo de pared del proceso completo (arranque del intérprete incluido) sin caché
(INFORME_CACHE=0), en frío (caché vacía: construye caché e índice) y en caliente (caché e índice
llenos), contra el piso de libyaml componiendo los archivos que se validan, medido en la misma corrida:

1. los 32 archivos del primer periodo (≈300 acuerdos cada uno; no hay historia que leer);
2. los mismos 32 archivos con la historia de los 23 periodos anteriores (--datos);
3. los 768 archivos de la historia completa.

Reporta los MB de la carpeta de datos y las razones contra el piso (meta del issue 13: el caso 2, en
caliente, ≤ 2.5× el piso).
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


def medir(args: list[str], repeticiones: int, cache: bool | Path = False) -> float:
    """Mediana del proceso completo. `cache`: False sin caché; True con la caché del benchmark ya llena (una
    corrida antes para llenarla); una carpeta: esa caché, tal como esté (para medir la corrida en frío)."""
    import os

    carpeta = cache if isinstance(cache, Path) else CACHE
    entorno = {**os.environ, "INFORME_CACHE": str(carpeta) if cache is not False else "0"}
    if cache is True:
        subprocess.run([sys.executable, "-m", "informe", *args], capture_output=True, env=entorno)
    tiempos = []
    for _ in range(repeticiones):
        inicio = time.perf_counter()
        r = subprocess.run([sys.executable, "-m", "informe", *args], capture_output=True, env=entorno)
        tiempos.append(time.perf_counter() - inicio)
        if r.returncode not in (0, 1):
            raise SystemExit(r.stderr.decode())
    return statistics.median(tiempos)


def en_frio(args: list[str]) -> float:
    """Una corrida con una caché nueva y vacía: construye caché de archivos e índice de la historia."""
    import shutil
    import tempfile

    carpeta = Path(tempfile.mkdtemp(prefix="informe-frio-"))
    try:
        return medir(args, 1, carpeta / "cache")
    finally:
        shutil.rmtree(carpeta, ignore_errors=True)


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
    print("sin caché: mediana de 1 corrida (son largas); en frío: 1 corrida con caché vacía; "
          f"caliente: mediana de {a.repeticiones}")
    print(f"{'caso':44} {'MB':>5} {'piso s':>7} {'sin caché':>10} {'×':>5} {'frío':>7} {'×':>5} "
          f"{'caliente':>9} {'×':>5}")
    arranque = medir(["--help"], a.repeticiones)
    print(f"{'arranque (informe --help)':44} {'':>5} {'':>7} {arranque:10.2f}")
    for nombre, args, datos, validados in casos:
        piso = piso_libyaml(validados, a.repeticiones)
        sin = medir(args, 1)
        frio = en_frio(args)
        caliente = medir(args, a.repeticiones, cache=True)
        print(f"{nombre:44} {_tamano(datos):5.1f} {piso:7.2f} {sin:10.2f} {sin / piso:5.1f} {frio:7.2f} "
              f"{frio / piso:5.1f} {caliente:9.2f} {caliente / piso:5.1f}")

if __name__ == "__main__":
    main()
