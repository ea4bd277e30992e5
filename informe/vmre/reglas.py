"""Las reglas estadísticas de un corte VMRE, cada una con su código y la celda donde falla.

- `vmre-total-columna`: la fila TOTAL es la suma de las filas, columna por columna.
- `vmre-desglose`: cada desglose de una fila (medio, tipo de credencial, modalidad, sexo) suma su TOTAL.
- `vmre-excede-recibidas`: las solicitudes que cumplen requisitos no superan las recibidas, entidad por
  entidad y columna por columna.
- `vmre-pais-suma`: las celdas de un país suman su TOTAL (si falta el desglose, no lo superan).
- `vmre-pais-columna`: la columna de una entidad en la tabla por país no supera (o, completa, iguala)
  el total de esa entidad en la tabla por entidad.
- `vmre-identidad`: las cifras que cuentan lo mismo en dos lugares coinciden: recibidas = análisis
  normativo + clarificación; análisis = cumplen + subsane + en procesamiento; cada Sobre-Voto validado
  fue remitido antes por su OPL.
- `vmre-publicado-difiere` (advertencia): una cifra que el informe publicado da en su texto no es la
  que resulta de las tablas (la discrepancia registrada en `corte.yaml → discrepancias` se muestra igual,
  con su explicación).
- `vmre-decrece` (advertencia): una cifra acumulada baja respecto del corte anterior (`ACUMULADAS`).
"""

from __future__ import annotations

from pathlib import Path

from ..almacen import nombre_visible, periodo_anterior
from ..cargar import periodo_de_carpeta
from ..problemas import Problema, problema
from .modelo import DESGLOSES, Corte, Fila, Tabla

# tabla → columnas que acumulan desde el inicio del registro o de la difusión: no bajan entre cortes
ACUMULADAS: dict[str, tuple[str, ...]] = {
    "recibidas": ("TOTAL", *(c for cols in DESGLOSES.values() for c in cols)),
    "procedentes": ("TOTAL", *(c for cols in DESGLOSES.values() for c in cols)),
    "paises": ("TOTAL",),
    "spots": ("IMPACTOS",),
}


def _n(v: object) -> int:
    return v if isinstance(v, int) else 0


def _cifra(n: int) -> str:
    return f"{n:,}"


def revisar(archivos: list[Path], cargas: list, datos: Path | None) -> list[Problema]:
    por_corte: dict[str, dict[str, Tabla]] = {}
    cortes: dict[str, Corte] = {}
    archivos_corte: dict[str, Path] = {}
    raices: dict[str, Path] = {}
    for ruta, carga in zip(archivos, cargas):
        periodo = periodo_de_carpeta(ruta) or ""
        if isinstance(carga.registro, Tabla):
            por_corte.setdefault(periodo, {})[carga.tipo] = carga.registro
            raices[periodo] = ruta.resolve().parent.parent  # el corte anterior se busca junto a este
        elif isinstance(carga.registro, Corte):
            cortes[periodo] = carga.registro
            archivos_corte[periodo] = ruta.resolve().parent.parent
            por_corte.setdefault(periodo, {})
    problemas: list[Problema] = []
    for periodo, tablas in sorted(por_corte.items()):
        for tabla in tablas.values():
            problemas += revisar_totales(tabla)
            if tabla.tipo in ("recibidas", "procedentes"):
                problemas += revisar_desgloses(tabla)
            if tabla.tipo == "consultas":
                problemas += revisar_regiones(tabla)
            if tabla.tipo == "paises":
                problemas += revisar_paises(tabla, tablas.get("recibidas"))
        if "recibidas" in tablas and "procedentes" in tablas:
            problemas += revisar_procedentes(tablas["procedentes"], tablas["recibidas"])
        if periodo in cortes:
            problemas += revisar_textos(raices.get(periodo) or archivos_corte[periodo], periodo)
            problemas += revisar_identidades(cortes[periodo], tablas)
            problemas += revisar_publicado(cortes[periodo], tablas)
        if "sobres_validados" in tablas and "sobres_remitidos" in tablas:
            problemas += revisar_sobres(tablas["sobres_validados"], tablas["sobres_remitidos"])
        if periodo and periodo in raices:
            for tipo, tabla in tablas.items():
                anterior = _tabla_anterior(raices[periodo], periodo, tipo) if tipo in ACUMULADAS else None
                if anterior is not None:
                    problemas += revisar_decrece(tabla, anterior)
    return problemas + revisar_textos_del_proceso(archivos, cargas)


def revisar_totales(tabla: Tabla) -> list[Problema]:
    problemas = []
    for total in tabla.totales:
        filas = [f for f in tabla.filas if f.grupo == total.grupo]
        for col, valor in total.valores.items():
            if not isinstance(valor, int):
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


REGIONES = ("EUA", "MEXICO", "RESTO_DEL_MUNDO")


def revisar_regiones(tabla: Tabla) -> list[Problema]:
    """En las consultas de INETEL, cada servicio (y la fila TOTAL) suma sus regiones; una celda vacía no
    suma (el informe publicado deja vacía la de Subsane en México)."""
    problemas = []
    for fila in [*tabla.filas, *tabla.totales]:
        total = fila.valores.get("TOTAL")
        partes = [fila.valores.get(c) for c in REGIONES]
        if isinstance(total, int) and sum(_n(p) for p in partes) != total:
            problemas.append(problema(
                tabla.archivo, fila.linea, fila.columnas.get("TOTAL"), "vmre-desglose",
                f"{fila.etiqueta}: EUA, México y resto del mundo suman {_cifra(sum(_n(p) for p in partes))} y el TOTAL "
                f"de la fila es {_cifra(total)}.", "Revise las celdas de esa fila contra el reporte de INETEL."))
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
        problemas.append(problema(paises.archivo, paises.encabezado, paises.posiciones.get("TOTAL"), "vmre-pais-columna",
                                  f"Los países suman {_cifra(suma_paises)} solicitudes y el total recibido es "
                                  f"{_cifra(total_recibidas)}.", "Revise los TOTAL de los países."))
    return problemas


def revisar_textos(datos: Path, periodo: str) -> list[Problema]:
    """La redacción del analista del corte: ranura, ruta, sintaxis y nombres, como la de seguridad (sin
    esto, un texto malo pasaba `validar` y `compilar` salía con 2)."""
    from .. import textos
    from .estructura import RANURAS

    leidos, problemas = textos.del_periodo(datos, periodo, RANURAS)
    return problemas + [p for t in leidos for p in textos.revisar(t)]


def revisar_textos_del_proceso(archivos: list[Path], cargas: list) -> list[Problema]:
    """Los textos fijos que `proceso.yaml → textos` declara, revisados igual que los del corte."""
    from .. import textos
    from .estructura import RANURAS

    problemas = []
    for ruta, carga in zip(archivos, cargas):
        if carga.tipo == "proceso" and carga.registro is not None:
            leidos, mas = textos.del_proceso(ruta.resolve().parent, carga.registro, RANURAS)
            problemas += mas + [p for t in leidos for p in textos.revisar(t)]
    return problemas


def revisar_identidades(corte: Corte, tablas: dict[str, Tabla]) -> list[Problema]:
    """Recibidas = análisis normativo + clarificación; análisis = cumplen + subsane + en procesamiento."""
    pub = corte.publicado
    problemas = []
    def total(tipo: str) -> tuple[Fila | None, int | None]:
        t = tablas.get(tipo)
        fila = t.totales[0] if t is not None and t.totales else None
        valor = fila.valores.get("TOTAL") if fila else None
        return fila, valor if isinstance(valor, int) else None

    fila, recibidas = total("recibidas")
    if fila is not None and recibidas is not None and "analisis" in pub and "clarificacion" in pub:
        suma = pub["analisis"] + pub["clarificacion"]
        if suma != recibidas:
            problemas.append(problema(
                tablas["recibidas"].archivo, fila.linea, fila.columnas.get("TOTAL"), "vmre-identidad",
                f"Recibidas: la fila TOTAL dice {_cifra(recibidas)} y las recibidas para análisis normativo "
                f"({_cifra(pub['analisis'])}) más las que están en clarificación ({_cifra(pub['clarificacion'])}) "
                f"suman {_cifra(suma)}.", "Revise el TOTAL de la tabla y las cifras analisis y clarificacion de "
                "corte.yaml → publicado."))
    fila, cumplen = total("procedentes")
    partes = [pub.get(k) for k in ("subsane", "en_procesamiento")]
    if fila is not None and cumplen is not None and "analisis" in pub and None not in partes:
        suma = cumplen + sum(partes)  # type: ignore[arg-type]
        if suma != pub["analisis"]:
            problemas.append(problema(
                tablas["procedentes"].archivo, fila.linea, fila.columnas.get("TOTAL"), "vmre-identidad",
                f"Las que cumplen los requisitos ({_cifra(cumplen)}), las enviadas a subsane ({_cifra(partes[0])}) "
                f"y las que están en procesamiento ({_cifra(partes[1])}) suman {_cifra(suma)}, y las recibidas "
                f"para análisis normativo son {_cifra(pub['analisis'])}.",
                "Revise el TOTAL de la tabla y analisis, subsane y en_procesamiento en corte.yaml → publicado."))
    return problemas


def revisar_sobres(validados: Tabla, remitidos: Tabla) -> list[Problema]:
    """Un Sobre-Voto se valida después de que su OPL lo remite: cada entidad validada fue remitida, antes."""
    remitidas = {f.etiqueta: f for f in remitidos.filas}
    problemas = []
    for f in validados.filas:
        origen = remitidas.get(f.etiqueta)
        fecha, antes = f.valores.get("FECHA"), origen.valores.get("FECHA") if origen else None
        if origen is None or (fecha is not None and antes is not None and fecha < antes):  # type: ignore[operator]
            problemas.append(problema(
                validados.archivo, f.linea, f.columnas.get("ENTIDAD" if origen is None else "FECHA"), "vmre-identidad",
                f"{f.etiqueta}: se validó su Sobre-Voto " + ("y su OPL no aparece entre los que lo remitieron."
                                                             if origen is None else
                                                             f"el {fecha} y su OPL lo remitió después, el {antes}."),
                "Revise la fila contra sobres_remitidos.csv."))
    return problemas


# cifra publicada → cómo se calcula de las tablas, y la tabla que la respalda
CALCULADAS = {
    "paises": ("paises", "Países", lambda t: len(t.filas)),
    "reproducciones": ("audiovisuales", "Reproducciones",
                       lambda t: sum(_n(f.valores.get("REPRODUCCIONES")) for f in t.filas)),
}


def revisar_publicado(corte: Corte, tablas: dict[str, Tabla]) -> list[Problema]:
    problemas = []
    for clave, (tipo, que, calcular) in CALCULADAS.items():
        if clave not in corte.publicado or tipo not in tablas:
            continue
        publicada, calculada = corte.publicado[clave], calcular(tablas[tipo])
        if publicada == calculada:
            continue
        nota = corte.discrepancias.get(clave)
        problemas.append(problema(
            corte.archivo, corte.lineas.get(f"publicado.{clave}"), corte.columnas.get(f"publicado.{clave}"),
            "vmre-publicado-difiere",
            f"{que}: el texto publicado dice {_cifra(publicada)} y {Path(tablas[tipo].archivo).name} da "
            f"{_cifra(calculada)}.",
            # la explicación va en su propia línea, debajo: el mensaje queda corto
            f"Registrada en corte.yaml → discrepancias: {nota}" if nota else
            "Averigüe la causa en la fuente; corrija la tabla o registre la discrepancia en corte.yaml → "
            "discrepancias y en CORRECCIONES.md."))
    return problemas


def _tabla_anterior(datos: Path, corte: str, tipo: str) -> Tabla | None:
    from .carga import LECTURA
    from .esquemas import POR_TIPO

    anterior = periodo_anterior(datos, corte)
    if anterior is None:
        return None
    ruta = datos / anterior / POR_TIPO[tipo].esquema.archivo
    registro = LECTURA.cargar(ruta, nombre_visible(ruta)).registro if ruta.is_file() else None
    return registro if isinstance(registro, Tabla) else None


def revisar_decrece(actual: Tabla, anterior: Tabla) -> list[Problema]:
    """Las cifras de `ACUMULADAS` cuentan desde el inicio del registro (o de la difusión): no bajan."""
    columnas = ACUMULADAS[actual.tipo]
    previas = {f.etiqueta: f for f in [*anterior.filas, *anterior.totales]}
    problemas = []
    for fila in [*actual.filas, *actual.totales]:
        previa = previas.get(fila.etiqueta)
        for col in columnas if previa is not None else ():
            antes, ahora = previa.valores.get(col), fila.valores.get(col)
            if isinstance(antes, int) and isinstance(ahora, int) and ahora < antes:
                problemas.append(problema(
                    actual.archivo, fila.linea, fila.columnas.get(col), "vmre-decrece",
                    f"{fila.etiqueta}, {col}: {_cifra(ahora)}, menos que {_cifra(antes)} en el corte anterior; la "
                    "cifra es acumulada.",
                    "Si hubo bajas o una depuración, explíquelo en el texto del informe; si no, revise la cifra."))
                break  # una celda por fila basta para señalarla
    return problemas
