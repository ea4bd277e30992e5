"""Genera un directorio de datos FICTICIO con el formato de `datos/`.

Sirve para dos cosas: el conjunto de demostración de `ejemplos/demo` (pocos
acuerdos, tres periodos) y los conjuntos grandes de los benchmarks (24 periodos,
32 entidades, cientos de acuerdos). Es determinista: misma semilla, mismos bytes.

    python benchmarks/generar.py ejemplos/demo --periodos 3 --acuerdos 5
    python benchmarks/generar.py /tmp/grande --periodos 24 --acuerdos 300
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from informe.seguridad import catalogos as cat  # noqa: E402

AVISO = "# DATOS FICTICIOS de demostración: no provienen de ninguna JLE ni describen hechos reales.\n"
ESQUEMA = "# yaml-language-server: $schema={ruta}\n"

ACCIONES = ("Coordinar", "Solicitar", "Gestionar", "Programar", "Revisar", "Informar sobre", "Acordar")
OBJETOS = (
    "el acompañamiento de seguridad a los vehículos con documentación electoral",
    "el resguardo perimetral de la bodega electoral del consejo distrital {d:02d}",
    "la custodia de los paquetes electorales hacia el consejo distrital {d:02d}",
    "recorridos de vigilancia en las secciones con antecedentes de incidencias",
    "un enlace permanente con la Guardia Nacional para la Jornada Electoral",
    "la seguridad de las personas capacitadoras asistentes electorales en campo",
    "el monitoreo de los mecanismos de recolección en el distrito {d:02d}",
    "la atención a solicitudes de protección de candidaturas locales",
)
TEMAS = {
    "inseguridad": "Seguridad del personal en campo durante la entrega de nombramientos.",
    "logística": "Traslado y resguardo de la documentación electoral.",
    "problemas sociales": "Inconformidad de una comunidad con la ubicación de una casilla.",
    "otros": "Actualización de enlaces de las instituciones de la mesa.",
}
MEDIDAS = (
    "Recorridos conjuntos con el OPL por las sedes de los consejos municipales.",
    "Instalación de cámaras de videovigilancia en la bodega electoral.",
    "Protocolo de comunicación con seguridad pública para la sesión de cómputo.",
)


def _periodos(n: int, primero: date) -> list[tuple[str, date, date]]:
    """Periodos mensuales consecutivos: del 24 de un mes al 23 del siguiente."""
    salida = []
    inicio = primero
    for _ in range(n):
        siguiente_mes = (inicio.replace(day=1) + timedelta(days=32)).replace(day=23)
        salida.append((f"{siguiente_mes.year}-{siguiente_mes.month:02d}", inicio, siguiente_mes))
        inicio = siguiente_mes + timedelta(days=1)
    return salida


def _q(texto: str) -> str:
    return '"' + texto.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generar(destino: Path, periodos: int, acuerdos: int, semilla: int = 2024, entidades: int = 32,
            esquema: str | None = None) -> None:
    azar = random.Random(semilla)
    if destino.exists():
        shutil.rmtree(destino)
    destino.mkdir(parents=True)
    (destino / "proceso.yaml").write_text(
        AVISO + "nombre: Proceso Electoral de Demostración 2023-2024\n"
        "institucion: Instituto Nacional Electoral\n"
        "area: Dirección Ejecutiva de Organización Electoral\n", encoding="utf-8")
    lista = _periodos(periodos, date(2023, 12, 24))
    pendientes: dict[str, list[tuple[str, str]]] = {}
    for n, (pid, inicio, fin) in enumerate(lista, 1):
        carpeta = destino / pid
        (carpeta / "jle").mkdir(parents=True)
        ultimo = n == len(lista)
        saldo = "saldo_anterior:\n  Planeación: 4\n  En proceso: 7\n  Concluido: 9\n" if n == 1 else ""
        (carpeta / "periodo.yaml").write_text(
            AVISO + f"numero: {n}\ninicio: {inicio}\nfin: {fin}\nultimo: {'true' if ultimo else 'false'}\n" + saldo,
            encoding="utf-8")
        dias = (fin - inicio).days
        federal = [AVISO, "reuniones:\n"]
        for k in range(3):
            f = inicio + timedelta(days=7 * k + 2)
            federal.append(f"  - fecha: {f}\n    nombre: Reunión {3 * n + k - 2} de la Mesa de Seguridad\n"
                           f"    puntos:\n      - Seguimiento a la seguridad de las candidaturas.\n"
                           f"      - Reporte de la custodia de documentación electoral.\n"
                           f"    resumen: Se revisó el avance de los acuerdos de la reunión previa (demostración).\n")
        recibidas = azar.randint(20, 90)
        opl = azar.randint(0, recibidas // 5)
        federal.append(f"solicitudes:\n  recibidas: {recibidas}\n  sspc: {recibidas - opl}\n  opl: {opl}\n")
        (carpeta / "federal.yaml").write_text("".join(federal), encoding="utf-8")
        for i, e in enumerate(cat.ENTIDADES[:entidades]):
            partes = [AVISO]
            if esquema:
                partes.append(ESQUEMA.format(ruta=esquema))
            partes.append(f"entidad: {e.corto}\nperiodo: {pid}\n")
            no_instalada = e.abreviatura == "VER" and n == 1
            instalada = date(2023, 9, 1) + timedelta(days=(i * 5) % 90)
            if e.abreviatura == "VER":  # se incorpora a la mesa durante el segundo periodo
                instalada = lista[min(1, len(lista) - 1)][1] + timedelta(days=5)
            partes.append("mesa:\n  instalada: " + ("null" if no_instalada else str(instalada)) + "\n")
            sin_reunion = (i + n) % 9 == 0
            if sin_reunion:
                partes.append("reuniones: []\n")
            else:
                reuniones = ["reuniones:\n"]
                for _ in range(1 + (i + n) % 4):
                    f = inicio + timedelta(days=azar.randint(0, dias))
                    modalidad = azar.choice(cat.modalidades())
                    reuniones.append(f"  - fecha: {f}\n    modalidad: {modalidad}\n"
                                     f"    asistentes: {azar.randint(3, 62)}\n    temas:\n")
                    for tipo in azar.sample(cat.tipos_tema(), azar.randint(1, 3)):
                        reuniones.append(f"      - tipo: {tipo}\n        descripcion: {TEMAS[tipo]}\n")
                # una JLE sin mesa no reporta reuniones (validar: reuniones-sin-mesa); las fechas se sortean
                # igual, para que el resto de los datos no cambie
                partes += (["# Sin reuniones: la JLE aún no se incorpora a la Mesa de Coordinación de la entidad.\n",
                            "reuniones: []\n"] if no_instalada else reuniones)
            nuevos = [] if sin_reunion else range(1, acuerdos + 1 - (i % 3))
            partes.append("acuerdos:\n" if nuevos else "acuerdos: []\n")
            for k in nuevos:
                texto = f"{azar.choice(ACCIONES)} {azar.choice(OBJETOS).format(d=azar.randint(1, 12))} (acuerdo {k})."
                estatus = azar.choices(cat.BASE.nombres(), weights=(3, 5, 2))[0]
                aid = f"{e.abreviatura}-{pid}-{k:03d}"
                linea = f"  - id: {aid}\n    descripcion: {_q(texto)}\n"
                if not (i == 5 and k == 1):  # un acuerdo sin estatus, como los hay en los anexos reales
                    linea += f"    estatus: {estatus}\n"
                partes.append(linea)
                if estatus not in cat.BASE.terminales():
                    pendientes.setdefault(e.abreviatura, []).append((aid, estatus))
            seguir = []
            for aid, estatus in pendientes.get(e.abreviatura, []):
                if aid.startswith(f"{e.abreviatura}-{pid}"):
                    continue
                if azar.random() < 0.5:
                    nuevo = cat.BASE.nombres()[min(2, cat.BASE.rangos()[estatus] + azar.randint(0, 1))]
                    seguir.append((aid, nuevo))
            if seguir:
                partes.append("seguimiento:\n")
                for aid, nuevo in seguir:
                    partes.append(f"  - acuerdo: {aid}\n    estatus: {nuevo}\n")
                actual = dict(seguir)
                pendientes[e.abreviatura] = [(a, actual.get(a, s)) for a, s in pendientes[e.abreviatura]
                                             if actual.get(a, s) not in cat.BASE.terminales()]
            if i % 4 == 0:
                partes.append("medidas:\n")
                for texto in MEDIDAS[: 1 + i % 3]:
                    partes.append(f"  - descripcion: {texto}\n    estatus: {azar.choice(cat.BASE.nombres())}\n")
            nombre = cat.normalizar(e.corto).replace(" ", "-")
            (carpeta / "jle" / f"{nombre}.yaml").write_text("".join(partes), encoding="utf-8")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("destino", type=Path)
    p.add_argument("--periodos", type=int, default=3)
    p.add_argument("--acuerdos", type=int, default=5, help="acuerdos nuevos por entidad y periodo")
    p.add_argument("--entidades", type=int, default=32)
    p.add_argument("--semilla", type=int, default=2024)
    p.add_argument("--esquema", help="ruta del JSON Schema para la línea del servidor de lenguaje YAML")
    a = p.parse_args()
    generar(a.destino, a.periodos, a.acuerdos, a.semilla, a.entidades, a.esquema)


if __name__ == "__main__":
    main()
