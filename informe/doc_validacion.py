"""docs/validacion.md, escrito del registro: los códigos (`problemas.CODIGOS`, por quien los registró) y
las reglas de cada familia (`reglas.Registro`), con su docstring.

La prosa del documento la escribe una persona; las tablas van entre marcas que este módulo reescribe (una
familia del registro que aún no tiene las suyas recibe al final su sección, con sus marcas):

    <!-- generado: codigos núcleo -->   …   <!-- fin -->
    <!-- generado: reglas vmre -->      …   <!-- fin -->

`python -m informe.doc_validacion` pone al día docs/validacion.md; con `--revisar` solo dice si está al
día (sale con 1 si no). tests/test_validar.py exige que lo esté.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

RUTA = Path(__file__).resolve().parent.parent / "docs" / "validacion.md"
MARCA = re.compile(r"(<!-- generado: (codigos|reglas) (\S+) -->\n)(.*?)(<!-- fin -->)", re.S)


def _celda(texto: str) -> str:
    """Un texto de varias líneas (un docstring) en una celda de tabla Markdown."""
    return " ".join(texto.split()).replace("|", "\\|")


def tabla_de_codigos(grupo: str) -> str:
    from .problemas import CODIGOS, GRUPOS

    filas = [f"| `{c}` | {severidad} | {_celda(significado)} |"
             for c, (severidad, significado) in CODIGOS.items() if GRUPOS[c] == grupo]
    if not filas:
        raise ValueError(f"ningún código registrado por «{grupo}»")
    return "\n".join(["| código | severidad | significado |", "|---|---|---|", *filas]) + "\n"


def tabla_de_reglas(nombre: str) -> str:
    """Cada regla con sus códigos, su severidad (los que no bajan a advertencia, marcados «fijo») y lo que
    revisa."""
    from .familias import familia
    from .reglas import REGLAS_NUCLEO, de_familia

    registro = REGLAS_NUCLEO if nombre == REGLAS_NUCLEO.nombre else de_familia(familia(nombre))
    filas = []
    for regla in registro:
        codigos = ", ".join(f"`{c}` ({severidad}{', fijo' if c in regla.fijos else ''})"
                            for c, severidad in regla.severidades.items())
        filas.append(f"| `{regla.id}` | {codigos} | {_celda(regla.descripcion)} |")
    por_motivo: dict[str, list[str]] = {}
    for regla in registro:
        for c, motivo in regla.fijos.items():
            por_motivo.setdefault(motivo, []).append(c)
    notas = [f"- {', '.join(f'`{c}`' for c in dict.fromkeys(codigos))}: {motivo}."
             for motivo, codigos in por_motivo.items()]
    return "\n".join(["| regla | códigos | qué revisa |", "|---|---|---|", *filas]
                     + (["", "Siguen siendo error aunque el proceso diga otra cosa (fijos):", "", *notas] if notas else [])) + "\n"


def generar(texto: str) -> str:
    """`texto` con cada bloque entre marcas reescrito del registro."""
    from . import tablas_csv  # noqa: F401  (el lector de tablas registra sus códigos al importarse)
    from .familias import REGISTRO, familia

    for nombre in REGISTRO:  # cada familia registra sus códigos al importarse
        familia(nombre)

    def bloque(m: re.Match) -> str:
        tabla = tabla_de_codigos(m[3]) if m[2] == "codigos" else tabla_de_reglas(m[3])
        return m[1] + tabla + m[5]

    # una familia del registro sin su sección la recibe al final, con sus marcas: nadie la escribe a mano
    con_tabla = {m[3] for m in MARCA.finditer(texto) if m[2] == "codigos"}
    for nombre in REGISTRO:
        if nombre not in con_tabla:
            texto = texto.rstrip("\n") + "\n\n" + seccion(familia(nombre))
    return MARCA.sub(bloque, texto)


def seccion(familia) -> str:
    """La sección de una familia, vacía entre sus marcas: `generar` la llena."""
    reglas = (f"\n### Reglas\n\n<!-- generado: reglas {familia.nombre} -->\n<!-- fin -->\n"
              if familia.reglas is not None else "")
    return (f"## Familia {familia.nombre}\n\n{familia.descripcion}.\n\n### Códigos\n\n"
            f"<!-- generado: codigos {familia.nombre} -->\n<!-- fin -->\n{reglas}")


def main(argumentos: list[str]) -> int:
    from .archivos import escribir_atomico

    actual = RUTA.read_text(encoding="utf-8")
    nuevo = generar(actual)
    if "--revisar" in argumentos:
        if nuevo != actual:
            print(f"{RUTA} no está al día: corra `python -m informe.doc_validacion`.", file=sys.stderr)
            return 1
        return 0
    if nuevo != actual:
        escribir_atomico(RUTA, nuevo)
        print(f"{RUTA}: al día.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
