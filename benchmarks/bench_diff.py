"""Benchmark de `informe diff` (no es un test: mide y reporta).

    python benchmarks/bench_diff.py [--repeticiones 5]

Sobre la historia FICTICIA de bench_validar.py (24 periodos × 32 entidades, ≈300 acuerdos
nuevos por entidad y periodo) mide `informe diff --formato json` entre los dos últimos periodos,
proceso completo: sin caché, en frío (caché vacía: construye la caché de archivos y el índice de la
historia) y en caliente; sobre las primeras 6, 12 y 24 carpetas, para ver cómo crece. Pisos medidos en
la misma corrida: libyaml componiendo los 32 archivos del último periodo (meta del issue 13: diff en
caliente ≤ 3×) y componiendo todos los archivos (meta: construir el índice en frío ≤ 1.5×).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

AQUI = Path(__file__).resolve().parent
sys.path.insert(0, str(AQUI))

from bench_validar import DESTINO, en_frio, historia_generada, medir, piso_libyaml, repeticiones  # noqa: E402


def main() -> None:
    a = argparse.Namespace(repeticiones=repeticiones())
    periodos = [d.name for d in historia_generada()]
    print(f"sin caché y en frío: 1 corrida; caliente: mediana de {a.repeticiones}")
    print(f"{'caso':34} {'piso mes':>8} {'piso todo':>9} {'sin caché':>9} {'frío':>6} {'×todo':>6} "
          f"{'caliente':>8} {'×mes':>5}")
    for n in (6, 12, 24):
        datos = DESTINO if n == 24 else AQUI / "_generado" / f"historia-{n}"
        if n != 24 and not datos.exists():
            datos.mkdir(parents=True)
            shutil.copy(DESTINO / "proceso.yaml", datos)
            for pid in periodos[:n]:
                shutil.copytree(DESTINO / pid, datos / pid)
        args = ["diff", "--desde", periodos[n - 2], "--hasta", periodos[n - 1], "--datos", str(datos), "--formato", "json"]
        piso_mes = piso_libyaml(datos / periodos[n - 1] / "jle", a.repeticiones)
        piso_todo = piso_libyaml(datos, 1)
        sin = medir(args, 1)
        frio = en_frio(args)
        caliente = medir(args, a.repeticiones, cache=True)
        print(f"{f'{n} periodos: {periodos[n - 2]} → {periodos[n - 1]}':34} {piso_mes:8.2f} {piso_todo:9.2f} "
              f"{sin:9.2f} {frio:6.2f} {frio / piso_todo:6.1f} {caliente:8.2f} {caliente / piso_mes:5.1f}")


if __name__ == "__main__":
    main()
