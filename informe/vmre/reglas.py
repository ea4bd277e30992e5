"""Las reglas estadísticas de un corte VMRE, cada una con su código y la celda donde falla, registradas en
`REGLAS` (el núcleo las corre y docs/validacion.md las lista; los textos del corte los revisa el núcleo).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..almacen import nombre_visible, periodo_anterior
from ..cargar import periodo_de_carpeta
from ..problemas import Problema, problema
from ..reglas import Registro, Revision
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


@dataclass
class DelCorte:
    """Lo que se valida de un corte: sus tablas por tipo, su corte.yaml y la carpeta de datos en que está."""
    tablas: dict[str, Tabla] = field(default_factory=dict)
    corte: Corte | None = None
    raiz: Path | None = None  # donde se busca el corte anterior (solo si se valida alguna tabla)
    carpeta: Path | None = None  # la del corte.yaml que se valida


@dataclass
class RevisionVmre(Revision):
    @cached_property
    def cortes(self) -> dict[str, DelCorte]:
        """Periodo (la carpeta del archivo) → lo que se valida de él, en orden."""
        cortes: dict[str, DelCorte] = {}
        for ruta, carga in zip(self.archivos, self.cargas):
            periodo = periodo_de_carpeta(ruta) or ""
            if isinstance(carga.registro, Tabla):
                cortes.setdefault(periodo, DelCorte()).tablas[carga.tipo] = carga.registro
                cortes[periodo].raiz = ruta.resolve().parent.parent
            elif isinstance(carga.registro, Corte):
                cortes.setdefault(periodo, DelCorte()).corte = carga.registro
                cortes[periodo].carpeta = ruta.parent
        return dict(sorted(cortes.items()))

    def tablas(self, tipo: str) -> list[tuple[Tabla, dict[str, Tabla]]]:
        """Cada tabla de `tipo` que se valida, con las demás de su corte."""
        return [(c.tablas[tipo], c.tablas) for c in self.cortes.values() if tipo in c.tablas]


REGLAS = Registro("vmre", RevisionVmre)


@REGLAS.regla("totales", "vmre-total-columna")
def totales(contexto: RevisionVmre):
    """La fila TOTAL de cada tabla es la suma de sus filas (o de las de su grupo), columna por columna."""
    for corte in contexto.cortes.values():
        for tabla in corte.tablas.values():
            yield from revisar_totales(tabla)


@REGLAS.regla("desgloses", "vmre-desglose")
def desgloses(contexto: RevisionVmre):
    """Cada desglose de una fila de solicitudes (medio, tipo de credencial, modalidad, sexo) suma su TOTAL,
    y cada servicio de INETEL suma sus regiones."""
    for tipo in ("recibidas", "procedentes"):
        for tabla, _ in contexto.tablas(tipo):
            yield from revisar_desgloses(tabla)
    for tabla, _ in contexto.tablas("consultas"):
        yield from revisar_regiones(tabla)


@REGLAS.regla("solicitudes-por-pais", "vmre-pais-suma", "vmre-pais-columna")
def solicitudes_por_pais(contexto: RevisionVmre):
    """Las celdas de un país suman su TOTAL (si falta el desglose, no lo superan), y la columna de una
    entidad no supera (o, completa, iguala) el total de esa entidad en la tabla por entidad."""
    for paises, tablas in contexto.tablas("paises"):
        yield from revisar_paises(paises, tablas.get("recibidas"))


@REGLAS.regla("cumplen-dentro-de-recibidas", "vmre-excede-recibidas")
def cumplen_dentro_de_recibidas(contexto: RevisionVmre):
    """Las solicitudes que cumplen requisitos no superan las recibidas, entidad por entidad y columna por
    columna."""
    for procedentes, tablas in contexto.tablas("procedentes"):
        if "recibidas" in tablas:
            yield from revisar_procedentes(procedentes, tablas["recibidas"])


@REGLAS.regla("identidades", "vmre-identidad")
def identidades(contexto: RevisionVmre):
    """Las cifras que cuentan lo mismo en dos lugares coinciden: recibidas = análisis normativo +
    clarificación; análisis = cumplen + subsane + en procesamiento; cada Sobre-Voto validado fue
    remitido antes por su OPL."""
    for corte in contexto.cortes.values():
        if corte.corte is not None:
            yield from revisar_identidades(corte.corte, corte.tablas)
    for validados, tablas in contexto.tablas("sobres_validados"):
        if "sobres_remitidos" in tablas:
            yield from revisar_sobres(validados, tablas["sobres_remitidos"])


@REGLAS.regla("cifras-publicadas", "vmre-publicado-difiere")
def cifras_publicadas(contexto: RevisionVmre):
    """Una cifra que el informe publicado da en su texto es la que resulta de las tablas (la discrepancia
    registrada en `corte.yaml → discrepancias` se muestra igual, con su explicación)."""
    for corte in contexto.cortes.values():
        if corte.corte is not None:
            yield from revisar_publicado(corte.corte, corte.tablas)


@REGLAS.regla("erratas", "vmre-errata")
def erratas(contexto: RevisionVmre):
    """Cada errata de `corte.yaml → erratas` es verdad en su tabla: la tabla trae la forma corregida y ya no la
    publicada. El informe imprime la nota bajo la tabla; sin esto, diría una corrección que no hizo."""
    for corte in contexto.cortes.values():
        if corte.corte is not None:
            yield from revisar_erratas(corte.corte, corte.tablas)


def revisar_erratas(corte: Corte, tablas: dict[str, Tabla]) -> list[Problema]:
    problemas = []
    for e in corte.erratas:
        tabla = tablas.get(e["tipo"])
        if tabla is None:
            continue  # la tabla que falta la señala «vmre-tabla-falta»
        celdas = [str(v) for f in tabla.filas for v in f.valores.values() if v is not None]
        if not any(e["corregido"] in c for c in celdas):
            mensaje = f"{e['archivo']} no trae «{e['corregido']}», la forma corregida de «{e['publicado']}»."
        elif any(e["publicado"] in c for c in celdas):
            mensaje = f"{e['archivo']} trae todavía «{e['publicado']}», que la errata dice corregida."
        else:
            continue
        problemas.append(problema(corte.archivo, e["linea"], e["columna"], "vmre-errata", mensaje,
                                  "Corrija la tabla o la errata en corte.yaml: la nota bajo la tabla las cita."))
    return problemas


@REGLAS.regla("tablas-del-corte", "vmre-tabla-falta")
def tablas_del_corte(contexto: RevisionVmre):
    """Un corte que se valida tiene cada una de sus tablas como archivo: una borrada, o una carpeta en su
    lugar, no se lee y su apartado desaparecería del informe sin que nadie lo note."""
    import os
    import stat

    from .esquemas import POR_TIPO

    for corte in contexto.cortes.values():
        if corte.corte is None or corte.carpeta is None:
            continue
        for tabla in POR_TIPO.values():
            ruta = corte.carpeta / tabla.esquema.archivo
            try:
                modo = os.lstat(ruta).st_mode
            except OSError:
                modo = None
            if modo is not None and not stat.S_ISDIR(modo):
                continue  # un archivo, o un enlace o una FIFO, que su lectura ya reporta
            que = "no está" if modo is None else "es una carpeta, no un archivo"
            yield problema(nombre_visible(ruta), None, None, "vmre-tabla-falta",
                           f"La tabla {tabla.esquema.archivo} del corte {ruta.parent.name} {que}: su apartado no "
                           "puede salir en el informe.",
                           "Restáurela (del respaldo o del sistema que la exporta); si en el periodo no hubo "
                           f"nada que contar, déjela solo con su encabezado: {','.join(tabla.esquema.encabezado)}")


@REGLAS.regla("cifras-en-textos", "texto-cifra-literal", "texto-cifra-distinta")
def cifras_en_textos(contexto: RevisionVmre):
    """Cada número que la redacción del analista escribe a mano contra las cifras del corte: igual a una
    cifra, advertencia que nombra la expresión que podría citarla; junto al nombre de una cifra («51,186
    solicitudes») y distinto de todas las de ese nombre, error con su línea y columna (solo si las reglas
    anteriores no dieron errores: las cifras no se pueden calcular)."""
    from .informe import cifras_en_textos as del_corte

    if any(p.severidad == "error" for p in contexto.problemas):
        return
    for periodo, corte in contexto.cortes.items():
        if periodo and corte.corte is not None and corte.raiz is not None:
            yield from del_corte(contexto.familia, corte.raiz, periodo)


@REGLAS.regla("acumuladas", "vmre-decrece")
def acumuladas(contexto: RevisionVmre):
    """Una cifra acumulada (`ACUMULADAS`) no baja respecto del corte anterior de la misma carpeta."""
    for periodo, corte in contexto.cortes.items():
        for tipo, tabla in corte.tablas.items() if periodo and corte.raiz is not None else ():
            anterior = _tabla_anterior(contexto.familia, corte.raiz, periodo, tipo) if tipo in ACUMULADAS else None
            if anterior is not None:
                yield from revisar_decrece(tabla, anterior)


def _celda(tabla: Tabla, fila: Fila, columna: str, codigo: str, mensaje: str, sugerencia: str) -> Problema:
    """Un problema en una celda: la línea de su fila y la columna de caracteres en que empieza."""
    return problema(tabla.archivo, fila.linea, fila.columnas.get(columna), codigo, mensaje, sugerencia)


def revisar_totales(tabla: Tabla) -> list[Problema]:
    problemas = []
    for total in tabla.totales:
        filas = [f for f in tabla.filas if f.grupo == total.grupo]
        donde = f" de «{total.grupo}»" if total.grupo else ""
        # columna → (lo que dice la fila TOTAL, lo que suman sus filas), de las columnas con cifra
        cifras = {col: (valor, sum(_n(f.valores.get(col)) for f in filas))
                  for col, valor in total.valores.items() if isinstance(valor, int)}
        problemas += [_celda(tabla, total, col, "vmre-total-columna",
                             f"{col}: la fila TOTAL{donde} dice {_cifra(valor)} y sus {len(filas)} filas suman "
                             f"{_cifra(suma)} (diferencia {_cifra(valor - suma)}).",
                             "Revise la fila TOTAL y las celdas de esa columna contra el reporte del sistema.")
                      for col, (valor, suma) in cifras.items() if suma != valor]
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
                problemas.append(_celda(
                    tabla, fila, columnas[0], "vmre-desglose",
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
            problemas.append(_celda(
                tabla, fila, "TOTAL", "vmre-desglose",
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
                problemas.append(_celda(
                    procedentes, fila, col, "vmre-excede-recibidas",
                    f"{fila.etiqueta}, {col}: {_cifra(valor)} solicitudes cumplen los requisitos y solo se "
                    f"recibieron {_cifra(recibido)} ({nombre_visible(Path(recibidas.archivo))}, línea {base.linea}).",
                    "Las que cumplen requisitos son parte de las recibidas: revise ambas celdas."))
    return problemas


def _estados(fila: Fila) -> list[str]:
    return [c for c in fila.valores if c != "TOTAL"]


def revisar_paises(paises: Tabla, recibidas: Tabla | None) -> list[Problema]:
    problemas = _paises_suman(paises)
    if recibidas is not None:
        problemas += _columnas_de_entidad(paises, recibidas) + _total_de_paises(paises, recibidas)
    return problemas


def _completa_y_cuadra(celdas: list, esperado: int) -> bool:
    """Celdas (None: sin desglose) contra la cifra que deben sumar: completas, la igualan; si no, no la pasan."""
    suma = sum(_n(c) for c in celdas)
    return suma <= esperado and (None in celdas or suma == esperado)


def _paises_suman(paises: Tabla) -> list[Problema]:
    problemas = []
    for fila in paises.filas:
        total = fila.valores.get("TOTAL")
        celdas = [fila.valores[c] for c in _estados(fila)]
        if total is not None and not _completa_y_cuadra(celdas, total):
            problemas.append(_celda(
                paises, fila, "TOTAL", "vmre-pais-suma",
                f"{fila.etiqueta}: las celdas por entidad suman {_cifra(sum(_n(c) for c in celdas))} y el TOTAL del "
                f"país es {_cifra(total)}.", "Revise si las celdas están corridas (una cifra de más o de menos en la "
                "fila); si el desglose no se puede reconstruir, deje vacías las celdas por entidad y conserve el TOTAL."))
    return problemas


def _columnas_de_entidad(paises: Tabla, recibidas: Tabla) -> list[Problema]:
    from ..entidades import POR_ABREVIATURA

    por_entidad = {f.etiqueta: f.valores.get("TOTAL") for f in recibidas.filas}
    problemas = []
    for col in (_estados(paises.filas[0]) if paises.filas else []):
        entidad = POR_ABREVIATURA[col].corto
        esperado = por_entidad.get(entidad)
        valores = [f.valores.get(col) for f in paises.filas]
        if esperado is not None and not _completa_y_cuadra(valores, esperado):
            problemas.append(problema(
                paises.archivo, paises.encabezado, paises.posiciones.get(col), "vmre-pais-columna",
                f"{col}: la columna suma {_cifra(sum(_n(v) for v in valores))} solicitudes en los países y la tabla "
                f"por entidad registra {_cifra(esperado)} para {entidad}.",
                "Las dos tablas cuentan las mismas solicitudes: revise la columna y la fila de la entidad."))
    return problemas


def _total_de_paises(paises: Tabla, recibidas: Tabla) -> list[Problema]:
    suma_paises = sum(_n(f.valores.get("TOTAL")) for f in paises.filas)
    total_recibidas = next((t.valores.get("TOTAL") for t in recibidas.totales), None)
    if total_recibidas is None or suma_paises <= total_recibidas:
        return []
    return [problema(paises.archivo, paises.encabezado, paises.posiciones.get("TOTAL"), "vmre-pais-columna",
                     f"Los países suman {_cifra(suma_paises)} solicitudes y el total recibido es "
                     f"{_cifra(total_recibidas)}.", "Revise los TOTAL de los países.")]


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
            problemas.append(_celda(
                tablas["recibidas"], fila, "TOTAL", "vmre-identidad",
                f"Recibidas: la fila TOTAL dice {_cifra(recibidas)} y las recibidas para análisis normativo "
                f"({_cifra(pub['analisis'])}) más las que están en clarificación ({_cifra(pub['clarificacion'])}) "
                f"suman {_cifra(suma)}.", "Revise el TOTAL de la tabla y las cifras analisis y clarificacion de "
                "corte.yaml → publicado."))
    fila, cumplen = total("procedentes")
    partes = [pub.get(k) for k in ("subsane", "en_procesamiento")]
    if fila is not None and cumplen is not None and "analisis" in pub and None not in partes:
        suma = cumplen + sum(partes)  # type: ignore[arg-type]
        if suma != pub["analisis"]:
            problemas.append(_celda(
                tablas["procedentes"], fila, "TOTAL", "vmre-identidad",
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
            problemas.append(_celda(
                validados, f, "ENTIDAD" if origen is None else "FECHA", "vmre-identidad",
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


def _tabla_anterior(familia, datos: Path, corte: str, tipo: str) -> Tabla | None:
    from .esquemas import POR_TIPO

    anterior = periodo_anterior(datos, corte)
    if anterior is None:
        return None
    ruta = datos / anterior / POR_TIPO[tipo].esquema.archivo
    registro = familia.cargar(ruta, nombre_visible(ruta)).registro if ruta.is_file() else None
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
                problemas.append(_celda(
                    actual, fila, col, "vmre-decrece",
                    f"{fila.etiqueta}, {col}: {_cifra(ahora)}, menos que {_cifra(antes)} en el corte anterior; la "
                    "cifra es acumulada.",
                    "Si hubo bajas o una depuración, explíquelo en el texto del informe; si no, revise la cifra."))
                break  # una celda por fila basta para señalarla
    return problemas
