"""Las reglas estadísticas de un corte VMRE, cada una con su código y la celda donde falla.

- `vmre-total-columna`: la fila TOTAL es la suma de las filas, columna por columna.
- `vmre-desglose`: cada desglose de una fila (medio, tipo de credencial, modalidad, sexo) suma su TOTAL.
- `vmre-excede-recibidas`: las solicitudes que cumplen requisitos no superan las recibidas, entidad por
  entidad y columna por columna.
- `vmre-pais-suma`: las celdas de un país suman su TOTAL (si falta el desglose, no lo superan).
- `vmre-pais-columna`: la columna de una entidad en la tabla por país no supera (o, completa, iguala)
  el total de esa entidad en la tabla por entidad.
- `vmre-decrece` (advertencia): una cifra acumulada baja respecto del corte anterior.
"""

from __future__ import annotations

from pathlib import Path

from ..almacen import ids_de_periodo, nombre_visible
from ..cargar import periodo_de_carpeta
from ..problemas import Problema, problema
from .modelo import DESGLOSES, Fila, Tabla


def _n(v: int | None) -> int:
    return v or 0


def _cifra(n: int) -> str:
    return f"{n:,}"


def revisar(archivos: list[Path], cargas: list, datos: Path | None) -> list[Problema]:
    from .. import textos
    from . import RANURAS

    por_corte: dict[str, dict[str, Tabla]] = {}
    raices: dict[str, Path] = {}
    for ruta, carga in zip(archivos, cargas):
        if isinstance(carga.registro, Tabla):
            corte = periodo_de_carpeta(ruta) or ""
            por_corte.setdefault(corte, {})[carga.tipo] = carga.registro
            raices[corte] = ruta.resolve().parent.parent  # el corte anterior se busca junto a este
    problemas: list[Problema] = []
    for corte, tablas in sorted(por_corte.items()):
        for tabla in tablas.values():
            problemas += revisar_totales(tabla)
            if tabla.tipo in ("recibidas", "procedentes"):
                problemas += revisar_desgloses(tabla)
            if tabla.tipo == "paises":
                problemas += revisar_paises(tabla, tablas.get("recibidas"))
        if "recibidas" in tablas and "procedentes" in tablas:
            problemas += revisar_procedentes(tablas["procedentes"], tablas["recibidas"])
        if corte:
            anterior = _tabla_anterior(raices[corte], corte)
            if anterior is not None and "recibidas" in tablas:
                problemas += revisar_decrece(tablas["recibidas"], anterior)
            problemas += _revisar_textos(*textos.del_periodo(raices[corte], corte, RANURAS))
    # la redacción del analista, como en la familia de seguridad: crudo, imágenes, sintaxis, nombres
    for ruta, carga in zip(archivos, cargas):
        if carga.tipo == "proceso" and carga.registro is not None:
            problemas += _revisar_textos(*textos.del_proceso(ruta.resolve().parent, carga.registro, RANURAS))
    return problemas


def _revisar_textos(leidos: list, problemas: list[Problema]) -> list[Problema]:
    from .. import textos

    return problemas + [p for t in leidos for p in textos.revisar(t)]


def revisar_totales(tabla: Tabla) -> list[Problema]:
    problemas = []
    for total in tabla.totales:
        filas = [f for f in tabla.filas if f.grupo == total.grupo]
        for col, valor in total.valores.items():
            if valor is None:
                continue
            suma = sum(_n(f.valores.get(col)) for f in filas)
            if suma != valor:
                donde = f" de «{total.grupo}»" if total.grupo else ""
                problemas.append(problema(
                    tabla.archivo, total.linea, total.columnas.get(col), "vmre-total-columna",
                    f"{col}: la fila TOTAL{donde} dice {_cifra(valor)} y sus {len(filas)} filas suman {_cifra(suma)} "
                    f"(diferencia {_cifra(valor - suma)}).",
                    "Revise la fila TOTAL y las celdas de esa columna contra el reporte del sistema."))
    return problemas


def revisar_desgloses(tabla: Tabla) -> list[Problema]:
    problemas = []
    for fila in [*tabla.filas, *tabla.totales]:
        total = fila.valores.get("TOTAL")
        if total is None:
            continue
        for nombre, columnas in DESGLOSES.items():
            partes = [fila.valores.get(c) for c in columnas]
            if None in partes:
                continue
            if sum(partes) != total:
                problemas.append(problema(
                    tabla.archivo, fila.linea, fila.columnas.get(columnas[0]), "vmre-desglose",
                    f"{fila.etiqueta}: el desglose por {nombre} ({' + '.join(_cifra(p) for p in partes)} = "
                    f"{_cifra(sum(partes))}) no suma el TOTAL de la fila ({_cifra(total)}).",
                    f"Revise las columnas {', '.join(columnas)} de esa fila."))
    return problemas


def revisar_procedentes(procedentes: Tabla, recibidas: Tabla) -> list[Problema]:
    problemas = []
    por_entidad = {f.etiqueta: f for f in [*recibidas.filas, *recibidas.totales]}
    for fila in [*procedentes.filas, *procedentes.totales]:
        base = por_entidad.get(fila.etiqueta)
        if base is None:
            problemas.append(problema(procedentes.archivo, fila.linea, 1, "vmre-excede-recibidas",
                                      f"{fila.etiqueta}: tiene solicitudes que cumplen requisitos y no aparece entre "
                                      "las recibidas.", "Agregue la entidad a la tabla de solicitudes recibidas."))
            continue
        for col, valor in fila.valores.items():
            recibido = base.valores.get(col)
            if valor is not None and recibido is not None and valor > recibido:
                problemas.append(problema(
                    procedentes.archivo, fila.linea, fila.columnas.get(col), "vmre-excede-recibidas",
                    f"{fila.etiqueta}, {col}: {_cifra(valor)} solicitudes cumplen los requisitos y solo se "
                    f"recibieron {_cifra(recibido)} ({nombre_visible(Path(recibidas.archivo))}, línea {base.linea}).",
                    "Las que cumplen requisitos son parte de las recibidas: revise ambas celdas."))
    return problemas


def _estados(fila: Fila) -> list[str]:
    return [c for c in fila.valores if c != "TOTAL"]


def revisar_paises(paises: Tabla, recibidas: Tabla | None) -> list[Problema]:
    problemas = []
    for fila in paises.filas:
        total = fila.valores.get("TOTAL")
        celdas = [fila.valores[c] for c in _estados(fila)]
        conocidas = sum(_n(c) for c in celdas)
        completa = None not in celdas
        if total is None:
            continue
        if (completa and conocidas != total) or conocidas > total:
            problemas.append(problema(
                paises.archivo, fila.linea, fila.columnas.get("TOTAL"), "vmre-pais-suma",
                f"{fila.etiqueta}: las celdas por entidad suman {_cifra(conocidas)} y el TOTAL del país es "
                f"{_cifra(total)}.", "Revise si las celdas están corridas (una cifra de más o de menos en la fila); "
                "si el desglose no se puede reconstruir, deje vacías las celdas por entidad y conserve el TOTAL."))
    if recibidas is None:
        return problemas
    por_entidad = {f.etiqueta: f.valores.get("TOTAL") for f in recibidas.filas}
    from ..entidades import POR_ABREVIATURA

    for col in (_estados(paises.filas[0]) if paises.filas else []):
        entidad = POR_ABREVIATURA[col].corto
        esperado = por_entidad.get(entidad)
        if esperado is None:
            continue
        valores = [f.valores.get(col) for f in paises.filas]
        suma = sum(_n(v) for v in valores)
        completa = None not in valores
        if (completa and suma != esperado) or suma > esperado:
            problemas.append(problema(
                paises.archivo, paises.encabezado, paises.posiciones.get(col), "vmre-pais-columna",
                f"{col}: la columna suma {_cifra(suma)} solicitudes en los países y la tabla por entidad registra "
                f"{_cifra(esperado)} para {entidad}.",
                "Las dos tablas cuentan las mismas solicitudes: revise la columna y la fila de la entidad."))
    suma_paises = sum(_n(f.valores.get("TOTAL")) for f in paises.filas)
    total_recibidas = next((t.valores.get("TOTAL") for t in recibidas.totales), None)
    if total_recibidas is not None and suma_paises > total_recibidas:
        problemas.append(problema(paises.archivo, None, None, "vmre-pais-columna",
                                  f"Los países suman {_cifra(suma_paises)} solicitudes y el total recibido es "
                                  f"{_cifra(total_recibidas)}.", "Revise los TOTAL de los países."))
    return problemas


def _tabla_anterior(datos: Path, corte: str) -> Tabla | None:
    from . import FAMILIA

    anteriores = [p for p in ids_de_periodo(datos) if p < corte]
    if not anteriores:
        return None
    ruta = datos / anteriores[-1] / "solicitudes_recibidas.csv"
    registro = FAMILIA.cargar(ruta, nombre_visible(ruta)).registro if ruta.is_file() else None
    return registro if isinstance(registro, Tabla) else None


def revisar_decrece(actual: Tabla, anterior: Tabla) -> list[Problema]:
    """Las solicitudes recibidas son acumuladas: de un corte al siguiente no bajan."""
    previas = {f.etiqueta: f.valores.get("TOTAL") for f in [*anterior.filas, *anterior.totales]}
    problemas = []
    for fila in [*actual.filas, *actual.totales]:
        antes, ahora = previas.get(fila.etiqueta), fila.valores.get("TOTAL")
        if antes is not None and ahora is not None and ahora < antes:
            problemas.append(problema(
                actual.archivo, fila.linea, fila.columnas.get("TOTAL"), "vmre-decrece",
                f"{fila.etiqueta}: {_cifra(ahora)} solicitudes recibidas, menos que las {_cifra(antes)} del corte "
                "anterior; la cifra es acumulada.",
                "Si hubo bajas o una depuración, explíquelo en el texto del informe; si no, revise la cifra."))
    return problemas
