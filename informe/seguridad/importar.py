"""Importación de anexos (Entidad | Acuerdo | Estatus) desde DOCX o desde texto con tabuladores.

El texto extraído de un PDF trae el desorden real de los anexos publicados:
encabezados repetidos en cada salto de página, una fila partida por el salto (la
continuación empieza en minúscula y no trae estatus), filas recorridas a la
izquierda porque perdieron la primera celda, filas sin estatus y etiquetas de
entidad colocadas a media altura de su bloque de filas. Nada se inventa: un
estatus ausente queda ausente («Sin estatus») y una atribución dudosa se escribe
con un comentario que lo dice.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from shlex import quote

from . import catalogos as cat
from ..errores import ErrorDeLectura

_ETIQUETA_HTML = re.compile(r"<[^>]+>")
_PUNTUACION = re.compile(r"[^\w]+")
_ENCABEZADOS = {("entidad", "acuerdo", "estatus"), ("entidad", "actividad", "estatus")}


@dataclass
class Fila:
    linea: int  # en el archivo de origen (1 = primera)
    texto: str
    estatus: str | None
    etiqueta: str | None = None  # abreviatura de la entidad escrita en la fila
    entidad: str | None = None  # abreviatura atribuida
    notas: list[str] = field(default_factory=list)
    pagina: int = 0  # cuántas líneas en blanco (saltos de página del texto extraído) la preceden


@dataclass
class Lectura:
    filas: list[Fila]
    avisos: list[str]


def _limpiar(celda: str) -> str:
    celda = _ETIQUETA_HTML.sub(" ", celda)
    return " ".join(html.unescape(celda).split())


def _es_encabezado(celdas: list[str]) -> bool:
    return tuple(cat.normalizar(c) for c in celdas[:3]) in _ENCABEZADOS


ETIQUETAS = ("arriba", "centro")


def leer_tsv(texto: str, nombre: str = "entrada", etiquetas: str = "arriba") -> Lectura:
    """`etiquetas`: dónde pone la tabla el nombre de la entidad en su celda combinada: en la primera fila
    del bloque («arriba», los anexos del Sexto y del Séptimo) o centrado a media altura («centro», las
    medidas del Quinto)."""
    filas: list[Fila] = []
    avisos: list[str] = []
    pagina, salto = 0, False
    for n, cruda in enumerate(texto.splitlines(), 1):
        if not cruda.strip():
            # entre dos filas de la tabla, una línea en blanco es un salto de página del texto extraído
            salto = bool(filas)
            continue
        if "\t" not in cruda:
            if _fin_de_tabla(cruda, bool(filas), f"{nombre}:{n}", avisos):
                break
            continue
        fila = _fila_tsv(cruda, n, nombre, avisos)
        if fila is None:
            continue
        if fila.etiqueta is None and fila.estatus is None and filas and fila.texto[0].islower():
            # continuación de la fila anterior, partida por el salto de página
            filas[-1].texto = f"{filas[-1].texto} {fila.texto}"
            avisos.append(f"{nombre}:{n}: continuación de la fila de la línea {filas[-1].linea}; se une a ella")
            continue
        pagina, salto = pagina + salto, False
        fila.pagina = pagina
        filas.append(fila)
    return Lectura(atribuir_centradas(filas, nombre) if etiquetas == "centro" else atribuir(filas, nombre), avisos)


def _fin_de_tabla(cruda: str, hay_filas: bool, donde: str, avisos: list[str]) -> bool:
    """Una línea sin tabuladores: un título («# …») después de la tabla la termina; otra se ignora."""
    if cruda.lstrip().startswith("#") and hay_filas:
        avisos.append(f"{donde}: empieza otra sección («{cruda.strip()[:50]}»): fin de la tabla")
        return True
    if cruda.strip() and hay_filas:
        avisos.append(f"{donde}: línea sin tabuladores, se ignora: «{cruda.strip()[:60]}»")
    return False


def _celdas_tsv(cruda: str) -> list[str] | None:
    """Las tres celdas de una línea con tabuladores, limpias; None si está vacía o es un encabezado."""
    celdas = [_limpiar(c) for c in cruda.split("\t")]
    while len(celdas) > 3 and not celdas[-1]:
        celdas.pop()
    if not any(celdas) or _es_encabezado(celdas):
        return None
    return celdas + [""] * (3 - len(celdas))


def _fila_tsv(cruda: str, n: int, nombre: str, avisos: list[str]) -> Fila | None:
    """La fila de la línea `n`: su etiqueta de entidad, su texto y su estatus (una fila recorrida a la
    izquierda se reacomoda; un estatus desconocido queda ausente, con aviso)."""
    celdas = _celdas_tsv(cruda)
    if celdas is None:
        return None
    etiqueta, texto_fila, estatus_crudo = _acomodar(celdas[:3], f"{nombre}:{n}", avisos)
    estatus = cat.buscar_estatus(estatus_crudo) if estatus_crudo else None
    if estatus_crudo and estatus is None:
        avisos.append(f"{nombre}:{n}: estatus «{estatus_crudo}» desconocido; queda sin estatus")
    if not texto_fila:
        return None
    return Fila(n, texto_fila, estatus, etiqueta.abreviatura if etiqueta else None)


def _acomodar(celdas: list[str], donde: str, avisos: list[str]):
    """(entidad de la etiqueta, texto, estatus escrito) de las celdas Entidad | Acuerdo | Estatus."""
    a, b, c = celdas
    etiqueta = cat.buscar_entidad(a) if a else None
    if not a or etiqueta is not None:
        return etiqueta, b, c
    if cat.buscar_estatus(b) and not c:
        avisos.append(f"{donde}: fila recorrida a la izquierda (sin celda de entidad); se reacomoda")
        return None, a, b  # fila recorrida: perdió la celda de la entidad
    avisos.append(f"{donde}: «{a[:40]}» no es una entidad del catálogo; la fila se lee como texto")
    return None, " ".join(x for x in (a, b) if x), c


def _filas_de_tabla(tbl, ocultos: frozenset[str] = frozenset()):
    """Las filas de una tabla de Word como textos de celda, recorriendo el XML una vez.

    Lo mismo que `row.cells` y `cell.text` de python-docx (párrafos de la celda unidos con salto de línea;
    una celda combinada a lo ancho se repite en cada columna que ocupa; una combinada hacia abajo repite
    el texto de la de arriba), sin sus búsquedas XPath por celda ni la de la fila de arriba, que hacían
    cuadrático un anexo grande (7 000 filas: 30 s). Y como Word lo muestra: las filas, celdas y párrafos
    dentro de un control de contenido (`w:sdt`) se leen, y el texto oculto (`w:vanish`, en la corrida o en
    su estilo: `ocultos`, de `_estilos_ocultos`) no."""
    from docx.oxml.ns import qn

    w_tr, w_tc, w_tcpr = qn("w:tr"), qn("w:tc"), qn("w:tcPr")
    w_span, w_vmerge, w_val = qn("w:gridSpan"), qn("w:vMerge"), qn("w:val")
    arriba: dict[int, str] = {}
    for tr in _hijos(tbl, w_tr):
        columna, celdas = 0, []
        for tc in _hijos(tr, w_tc):
            propiedades = tc.find(w_tcpr)
            ancho, continua = 1, False
            if propiedades is not None:
                span = propiedades.find(w_span)
                valor = span.get(w_val, "1") if span is not None else "1"
                ancho = min(int(valor), 64) if re.fullmatch(r"[0-9]{1,3}", valor) and valor != "0" else 1
                vmerge = propiedades.find(w_vmerge)
                continua = vmerge is not None and vmerge.get(w_val, "continue") == "continue"
            texto = arriba.get(columna, "") if continua else _texto_de_celda(tc, ocultos)
            for k in range(ancho):
                arriba[columna + k] = texto
                celdas.append(texto)
            columna += ancho
        yield celdas


def _hijos(elemento, etiqueta: str):
    """Los hijos `etiqueta` de `elemento` como los ve Word: también los que van dentro de un control de
    contenido (`w:sdt` → `w:sdtContent`, anidados) o de marcas XML del documento (`w:customXml`)."""
    from docx.oxml.ns import qn

    sdt, contenido, xml_propio = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
    for hijo in elemento.iterchildren():
        if hijo.tag == etiqueta:
            yield hijo
        elif hijo.tag == sdt:
            for parte in hijo.iterchildren(contenido):
                yield from _hijos(parte, etiqueta)
        elif hijo.tag == xml_propio:
            yield from _hijos(hijo, etiqueta)


def _texto_de_celda(tc, ocultos: frozenset[str]) -> str:
    """Los párrafos de la celda unidos con salto de línea, sin el texto oculto: una corrida con `w:vanish`
    (Inicio → Fuente → Oculto), o cuyo estilo de carácter o de párrafo lo lleva, no se ve en Word ni se
    imprime, y no es parte del acuerdo. Un `w:vanish` con valor falso en la corrida la muestra."""
    from docx.oxml.ns import qn

    w_p, w_r, w_t, w_rpr, w_vanish = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:rPr"), qn("w:vanish")
    w_ppr, w_pstyle, w_rstyle, w_val = qn("w:pPr"), qn("w:pStyle"), qn("w:rStyle"), qn("w:val")

    def estilo(propiedades, etiqueta) -> str | None:
        marca = propiedades.find(etiqueta) if propiedades is not None else None
        return marca.get(w_val) if marca is not None else None

    parrafos = []
    for parrafo in _hijos(tc, w_p):
        del_parrafo = estilo(parrafo.find(w_ppr), w_pstyle) in ocultos
        partes = []
        for corrida in parrafo.iter(w_r):
            propiedades = corrida.find(w_rpr)
            propia = propiedades.find(w_vanish) if propiedades is not None else None
            oculta = (_activa(propia) if propia is not None
                      else estilo(propiedades, w_rstyle) in ocultos or del_parrafo)
            if not oculta:
                partes.extend(t.text or "" for t in corrida.iterchildren(w_t))
        parrafos.append("".join(partes))
    return "\n".join(parrafos)


def _activa(marca) -> bool:
    """Una propiedad de sí o no de Word (`<w:vanish/>`, `w:val="0"`…): activa salvo que diga que no."""
    from docx.oxml.ns import qn

    return (marca.get(qn("w:val")) or "true").lower() not in ("0", "false", "off")


def _estilos_ocultos(documento) -> frozenset[str]:
    """Los estilos (de párrafo o de carácter) que ocultan su texto, por sí o por el estilo en que se basan
    (`w:basedOn`, hasta 64 niveles: una cadena circular no cuelga la lectura)."""
    from docx.oxml.ns import qn

    propio: dict[str, bool | None] = {}
    base: dict[str, str | None] = {}
    for elemento in documento.styles.element.iterchildren(qn("w:style")):
        nombre = elemento.get(qn("w:styleId"))
        propiedades = elemento.find(qn("w:rPr"))
        marca = propiedades.find(qn("w:vanish")) if propiedades is not None else None
        propio[nombre] = None if marca is None else _activa(marca)
        padre = elemento.find(qn("w:basedOn"))
        base[nombre] = padre.get(qn("w:val")) if padre is not None else None

    def oculto(nombre: str | None) -> bool:
        for _ in range(64):
            if nombre is None or propio.get(nombre) is not None:
                return bool(nombre is not None and propio[nombre])
            nombre = base.get(nombre)
        return False

    return frozenset(n for n in propio if n is not None and oculto(n))


def leer_docx(ruta: Path) -> Lectura:
    """Tablas de un DOCX: las celdas combinadas verticalmente repiten la entidad en cada fila."""
    from docx import Document
    from docx.oxml.ns import qn

    filas: list[Fila] = []
    avisos: list[str] = []
    n = 0
    documento = Document(str(ruta))
    ocultos = _estilos_ocultos(documento)
    for tabla in _hijos(documento.element.body, qn("w:tbl")):
        for crudas in _filas_de_tabla(tabla, ocultos):
            n += 1
            if n > MAXIMO_FILAS:
                raise ErrorDeLectura(f"{ruta.name} tiene más de {MAXIMO_FILAS:,} filas de tabla: no parece un anexo; "
                                     "no se importa.")
            fila = _fila_docx([_limpiar(c) for c in crudas], n, ruta.name, avisos)
            if fila is not None:
                filas.append(fila)
    return Lectura(atribuir(filas, ruta.name), avisos)


def _fila_docx(celdas: list[str], n: int, nombre: str, avisos: list[str]) -> Fila | None:
    if len(celdas) < 3 or not any(celdas) or _es_encabezado(celdas):
        return None
    a, b, c = celdas[:3]
    etiqueta = cat.buscar_entidad(a) if a else None
    if a and etiqueta is None:
        avisos.append(f"{nombre}: fila {n}: «{a[:40]}» no es una entidad del catálogo")
    estatus = cat.buscar_estatus(c) if c else None
    if c and estatus is None:
        avisos.append(f"{nombre}: fila {n}: estatus «{c}» desconocido; queda sin estatus")
    return Fila(n, b, estatus, etiqueta.abreviatura if etiqueta else None) if b else None


def _menciones(texto: str) -> set[str]:
    """Entidades que un texto nombra: nombre, OPL, municipios (ver catalogos.PISTAS)."""
    # sin puntuación: «Guaymas, Sonora, participó» nombra a Sonora
    clave = f" {' '.join(_PUNTUACION.sub(' ', cat.normalizar(texto)).split())} "
    return {abreviatura for abreviatura, pistas in cat.pistas_normalizadas().items()
            if any(f" {p} " in clave for p in pistas)}


def atribuir(filas: list[Fila], nombre: str = "entrada") -> list[Fila]:
    """Asigna cada fila a una entidad.

    Por omisión una fila es de la última etiqueta vista. Pero la extracción de un
    PDF coloca la etiqueta a media altura de su bloque: las filas sin etiqueta que
    la preceden pueden ser suyas. Si una de ellas menciona a la entidad siguiente
    (su nombre, su OPL, un municipio) y no a la anterior, desde ahí pasan a la
    siguiente; las que quedan entre la última evidencia y esa fila se marcan como
    dudosas, con un comentario, sin moverlas.
    """
    etiquetas = [i for i, f in enumerate(filas) if f.etiqueta]
    actual = filas[etiquetas[0]].etiqueta if etiquetas else None
    for f in filas:
        actual = f.etiqueta or actual
        f.entidad = actual
    for i in range(len(filas)):
        if filas[i].etiqueta is None and (not etiquetas or i < etiquetas[0]):
            filas[i].notas.append(f"atribución dudosa: la fila está antes de toda etiqueta de entidad "
                                  f"(línea {filas[i].linea} de {nombre})")
    for anterior, siguiente in zip(etiquetas, etiquetas[1:]):
        _atribuir_por_contenido(filas, anterior, siguiente, nombre)
    return filas


def _atribuir_por_contenido(filas: list[Fila], anterior: int, siguiente: int, nombre: str) -> None:
    """Las filas entre dos etiquetas: desde la primera que nombra a la entidad siguiente (y no a la
    anterior) pasan a la siguiente; las que quedan entre la última evidencia de la anterior y esa fila,
    dudosas."""
    previa, proxima = filas[anterior].etiqueta, filas[siguiente].etiqueta
    evidencia_previa = anterior
    cambio = None
    for i in range(anterior + 1, siguiente):
        menciones = _menciones(filas[i].texto)
        if previa in menciones:
            evidencia_previa = i
        elif proxima in menciones:
            cambio = i
            break
    if cambio is None:
        return
    nombre_proxima = cat.POR_ABREVIATURA[proxima].corto
    for i in range(cambio, siguiente):
        filas[i].entidad = proxima
    filas[cambio].notas.append(
        f"atribuida a {nombre_proxima} por su contenido (la etiqueta aparece más abajo, en la línea "
        f"{filas[siguiente].linea} de {nombre}); las filas que siguen hasta la etiqueta también")
    for i in range(evidencia_previa + 1, cambio):
        filas[i].notas.append(
            f"atribución dudosa: podría ser de {nombre_proxima} (etiqueta en la línea {filas[siguiente].linea}); "
            f"se deja en {cat.POR_ABREVIATURA[previa].corto}, la etiqueta anterior")


# Caracteres por renglón de la columna de texto de un anexo publicado: la altura de una fila se estima
# por la longitud de su texto. Solo importa la proporción entre filas, no el valor exacto.
_ANCHO_RENGLON = 90
# Una fila que nombra a otra entidad (y no a la de su bloque) pesa como este número de renglones de
# desequilibrio: el contenido decide cuando el centrado no basta, pero no lo contradice por poco.
_PESO_CONTENIDO = 6
# La altura estimada yerra en un renglón por bloque, más o menos: un corte que difiere en hasta dos
# renglones de desequilibrio es igual de plausible y sus filas se marcan como dudosas.
_TOLERANCIA = 2


def _altura(fila: Fila) -> int:
    return max(1, -(-len(fila.texto) // _ANCHO_RENGLON))


def _desequilibrio(filas: list[Fila], inicio: int, etiqueta: int, fin: int) -> int:
    """Cuánto se aleja la etiqueta del centro vertical del bloque [inicio, fin], en renglones. Solo cuentan
    las filas de la página de la etiqueta: la parte de una celda que pasa a otra página no lleva etiqueta."""
    pagina = filas[etiqueta].pagina
    arriba = sum(_altura(f) for f in filas[inicio:etiqueta] if f.pagina == pagina)
    abajo = sum(_altura(f) for f in filas[etiqueta + 1:fin + 1] if f.pagina == pagina)
    return abs(arriba - abajo)


def _contradice(filas: list[Fila], inicio: int, fin: int, entidad: str, vecinas: set[str]) -> int:
    """Filas del bloque que nombran a una entidad vecina y no a la suya."""
    n = 0
    for f in filas[inicio:fin + 1]:
        menciones = _menciones(f.texto)
        if entidad not in menciones and menciones & vecinas:
            n += 1
    return n


def atribuir_centradas(filas: list[Fila], nombre: str = "entrada") -> list[Fila]:
    """Asigna cada fila a una entidad cuando la etiqueta está centrada verticalmente en su bloque.

    Las filas entre dos etiquetas se reparten entre el bloque de arriba y el de abajo: se elige el corte
    que deja cada etiqueta más cerca de la mitad de la altura de su bloque (la altura de una fila es la
    de su texto) y que menos contradice el contenido (una fila que nombra a la entidad vecina y no a la
    suya). Las filas movidas por encima de una etiqueta llevan una nota; si otro corte era casi igual de
    bueno, las filas en disputa se marcan como dudosas.
    """
    etiquetas = [i for i, f in enumerate(filas) if f.etiqueta]
    if not etiquetas:
        return atribuir(filas, nombre)
    bloques = _Bloques(filas, etiquetas)
    cortes = bloques.mejores_cortes()
    limites = [0, *cortes, len(filas)]
    for j, entidad in enumerate(bloques.entidades):
        for i in range(limites[j], limites[j + 1]):
            filas[i].entidad = entidad
        nombre_j = cat.POR_ABREVIATURA[entidad].corto
        for i in range(limites[j], etiquetas[j]):
            filas[i].notas.append(f"en el anexo está antes de la etiqueta «{nombre_j}» (línea {filas[etiquetas[j]].linea} "
                                  f"de {nombre}), centrada en su bloque")
    for j, corte in enumerate(cortes):
        bloques.marcar_dudosas(j, corte, limites[j], limites[j + 2] - 1)
    return filas


@dataclass
class _Bloques:
    """Las filas de una tabla con etiquetas centradas y el costo de cada forma de repartirlas en bloques."""
    filas: list[Fila]
    etiquetas: list[int]  # índice de la fila de cada etiqueta
    entidades: list[str] = field(init=False)  # la de cada etiqueta

    def __post_init__(self) -> None:
        self.entidades = [self.filas[i].etiqueta for i in self.etiquetas]

    def costo(self, j: int, inicio: int, fin: int) -> int:
        """Qué tan mal queda el bloque j entre las filas `inicio` y `fin`: desequilibrio y contradicciones."""
        ent = self.entidades
        vecinas = {ent[x] for x in (j - 1, j + 1) if 0 <= x < len(ent)}
        return (_desequilibrio(self.filas, inicio, self.etiquetas[j], fin)
                + _PESO_CONTENIDO * _contradice(self.filas, inicio, fin, ent[j], vecinas))

    def mejores_cortes(self) -> list[int]:
        """La primera fila de cada bloque después del primero, con el menor costo total (programación
        dinámica: cortes[j] está entre etiquetas[j] + 1 y etiquetas[j + 1])."""
        k, n = len(self.etiquetas), len(self.filas)
        mejor: dict[int, tuple[int, list[int]]] = {0: (0, [])}  # inicio del bloque j → (costo, cortes)
        for j in range(k):
            siguiente: dict[int, tuple[int, list[int]]] = {}
            for inicio, (acumulado, cortes) in mejor.items():
                finales = [n - 1] if j == k - 1 else range(self.etiquetas[j], self.etiquetas[j + 1])
                for fin in finales:
                    total = acumulado + self.costo(j, inicio, fin)
                    if fin + 1 not in siguiente or total < siguiente[fin + 1][0]:
                        siguiente[fin + 1] = (total, cortes + [fin + 1])
            mejor = siguiente
        _, cortes = next(iter(mejor.values()))
        return cortes[:-1]  # el último «corte» es el fin de la tabla

    def marcar_dudosas(self, j: int, corte: int, inicio: int, fin: int) -> None:
        """Otro corte entre los bloques j y j + 1 casi igual de bueno: las filas entre ambos quedan en duda."""
        ent = self.entidades
        actual = self.costo(j, inicio, corte - 1) + self.costo(j + 1, corte, fin)
        for otro in range(self.etiquetas[j] + 1, self.etiquetas[j + 1] + 1):
            if otro == corte or self.costo(j, inicio, otro - 1) + self.costo(j + 1, otro, fin) > actual + _TOLERANCIA:
                continue
            for i in range(min(otro, corte), max(otro, corte)):
                fila = self.filas[i]
                otra = ent[j + 1] if fila.entidad == ent[j] else ent[j]
                nota = (f"atribución dudosa: con la etiqueta centrada podría ser de "
                        f"{cat.POR_ABREVIATURA[otra].corto}; se deja en {cat.POR_ABREVIATURA[fila.entidad].corto}")
                if nota not in fila.notas:
                    fila.notas.append(nota)


@dataclass
class ResultadoEntidad:
    entidad: str
    ruta: Path
    accion: str  # el estado de `archivos.guardar_con_respaldo`: guardado | sin cambios | rechazado | con errores
    por_estatus: dict[str, int]
    dudosas: int
    problemas: list = field(default_factory=list)  # lo que impidió escribir (accion «con errores»)
    respaldo: Path | None = None  # la versión anterior, si se sustituyó un archivo


# Un anexo real pesa unos cientos de KB descomprimido (el del Quinto informe, 52 KB de document.xml). Lo que
# cuesta es la tabla: python-docx recorre las celdas en Python (medido en benchmarks/bench_hostil.py: un DOCX
# de 1 MB con 58 MB de XML de tabla tardaba 105 s y ocupaba 1.7 GB). 8 MB de XML y 20 000 filas bastan para
# cualquier anexo y acotan el peor caso a segundos; el texto extraído de un PDF, a 8 MB y 20 000 líneas.
MAXIMO_DESCOMPRIMIDO = 8 * 1024 * 1024
MAXIMO_TEXTO = 8 * 1024 * 1024
MAXIMO_FILAS = 20_000
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_CODIFICACION = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


def revisar_docx(ruta: Path) -> None:
    """Rechaza lo que un DOCX legítimo nunca trae, sin descomprimir más de lo permitido.

    Se mira el tamaño declarado de cada parte y se cuentan los bytes al leerla (el declarado puede mentir);
    un DOCX no lleva DTD, así que una declaración de entidades («mil millones de risas») se rechaza antes
    de que un analizador XML la vea. Se revisa toda parte que python-docx leerá como XML: las que terminan
    en .xml o .rels y las que [Content_Types].xml declara de un tipo XML, se llamen como se llamen (la parte
    principal puede llamarse `word/documento.bin`).
    """
    import zipfile

    try:
        with zipfile.ZipFile(ruta) as z:
            partes = z.infolist()
            if sum(i.file_size for i in partes) > MAXIMO_DESCOMPRIMIDO:
                raise ErrorDeLectura(f"{ruta.name} ocupa más de {MAXIMO_DESCOMPRIMIDO // 2**20} MB descomprimido: "
                                     "no parece un anexo; no se importa.")
            leidos = [0]
            tipos = next((i for i in partes if i.filename == "[Content_Types].xml"), None)
            xml = _partes_xml(_revisar_parte(z, tipos, ruta.name, leidos), partes) if tipos else set()
            for info in partes:
                if info is not tipos and (info.filename.endswith((".xml", ".rels")) or info.filename in xml):
                    _revisar_parte(z, info, ruta.name, leidos)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as e:
        raise ErrorDeLectura(f"{ruta.name} no es un documento DOCX válido ({e}).") from e


def _revisar_parte(z, info, nombre: str, leidos: list[int]) -> bytes:
    """Los bytes de una parte XML del paquete, si está en UTF-8 y no declara entidades; `leidos[0]` suma lo
    descomprimido de todas las partes, acotado."""
    bloques = []
    with z.open(info) as parte:
        inicio = b""
        primero = True
        while bloque := parte.read(1 << 20):
            leidos[0] += len(bloque)
            if leidos[0] > MAXIMO_DESCOMPRIMIDO:
                raise ErrorDeLectura(f"{nombre} se descomprime en más de "
                                     f"{MAXIMO_DESCOMPRIMIDO // 2**20} MB: no se importa.")
            if primero:
                # Word escribe cada parte en UTF-8; en UTF-16 o UTF-32 «<!DOCTYPE» lleva bytes nulos
                # entre sus letras y la búsqueda de abajo no lo vería
                codificacion = _CODIFICACION.search(bloque[:200])
                if bloque[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in bloque[:200] or (
                        codificacion and codificacion[1].lower().replace(b"-", b"") != b"utf8"):
                    raise ErrorDeLectura(f"{nombre}: la parte {info.filename} no está en UTF-8 (un "
                                         "DOCX de Word siempre lo está); no se importa.")
                primero = False
            if _DTD.search(inicio[-16:] + bloque.replace(b"\x00", b"")):
                raise ErrorDeLectura(f"{nombre}: la parte {info.filename} declara entidades XML "
                                     "(un DOCX de Word nunca lo hace); no se importa.")
            inicio = bloque
            bloques.append(bloque)
    return b"".join(bloques)


def _partes_xml(tipos: bytes, partes) -> set[str]:
    """Los nombres de las partes que [Content_Types].xml (ya revisado: sin DTD) declara de un tipo XML, por
    su nombre o por su extensión. Las imágenes (image/svg+xml) son datos, no XML que se lea."""
    from lxml import etree

    try:
        raiz = etree.fromstring(tipos, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    except etree.LxmlError:
        return {i.filename for i in partes}  # ilegible: se revisa todo; python-docx lo rechazará después
    por_extension, por_nombre = {}, {}
    for elemento in raiz:
        tipo = (elemento.get("ContentType") or "").lower()
        if elemento.get("Extension") is not None:
            por_extension[elemento.get("Extension").lower()] = tipo
        elif elemento.get("PartName") is not None:
            por_nombre[elemento.get("PartName").lstrip("/")] = tipo
    def es_xml(nombre: str) -> bool:
        tipo = por_nombre.get(nombre, por_extension.get(nombre.rpartition(".")[2].lower(), ""))
        # «+xml» o application/xml: los tipos de Office sin «+xml» (vnd.openxmlformats-…oleObject, las
        # fuentes incrustadas) son binarios, aunque su nombre diga «xml»
        tipo = tipo.split(";")[0].strip()
        return (tipo.endswith("+xml") or tipo in ("application/xml", "text/xml")) and not tipo.startswith("image/")
    return {i.filename for i in partes if es_xml(i.filename)}


def leer(ruta: Path, etiquetas: str = "arriba") -> Lectura:
    if ruta.suffix.lower() == ".docx":
        import zipfile

        from docx.opc.exceptions import PackageNotFoundError
        from lxml.etree import LxmlError

        revisar_docx(ruta)
        try:
            return leer_docx(ruta)
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, LxmlError) as e:
            raise ErrorDeLectura(f"{ruta.name} no es un documento DOCX válido ({e}).") from e
    from ..archivos import leer_texto_importado

    texto = leer_texto_importado(ruta, MAXIMO_TEXTO, "el texto de un anexo",
                                 "; guárdelo como texto UTF-8 con tabuladores, o use el DOCX.")
    if "\x00" in texto:
        raise ErrorDeLectura(f"{ruta.name} contiene bytes nulos: no es un archivo de texto.")
    # las líneas como las parte `leer_tsv` (splitlines: también CR solo, U+2028, U+0085…), no solo «\n»: con
    # finales CR un texto de 120 000 filas pasaba por una sola línea
    if len(texto.splitlines()) > MAXIMO_FILAS:
        raise ErrorDeLectura(f"{ruta.name} tiene más de {MAXIMO_FILAS:,} líneas: no parece el texto de un anexo; "
                             "no se importa.")
    return leer_tsv(texto, ruta.name, etiquetas)


def importar(ruta: Path, datos: Path, periodo: str, tabla: str = "acuerdos",
             reemplazar: bool = False, etiquetas: str = "arriba") -> tuple[list[ResultadoEntidad], list[str]]:
    """Escribe (o funde) `datos/P/jle/<entidad>.yaml` con las filas del anexo.

    Un archivo existente nunca se sobrescribe sin `reemplazar`: si el resultado
    sería idéntico se dice «sin cambios»; si no, se rechaza. Con `reemplazar`, la
    versión anterior queda en `<archivo>.yaml.anterior-N` (como en `recibir`). Las otras secciones del
    archivo existente (reuniones, seguimiento, y los acuerdos o las medidas que no
    se importan) se conservan.
    """
    from ..archivos import candado

    lectura = leer(ruta, etiquetas)  # un anexo ilegible se informa antes de tocar la carpeta de datos
    with candado(datos):  # como recibir: un solo escritor a la vez en la carpeta de datos
        # Un anexo escribe un archivo por entidad; cada uno es atómico, el conjunto no. Mientras se escribe,
        # una marca en la carpeta del periodo dice qué orden repetir si se interrumpe (kill -9, corte de luz):
        # `validar` la reporta (importar-incompleto) y repetir la orden completa lo que faltó (lo ya escrito
        # queda «sin cambios»). Se borra al terminar.
        from ..archivos import escribir_atomico

        marca = datos / periodo / f".importando-{tabla}"
        orden = (f"informe importar {quote(str(ruta))} --periodo {periodo} --tabla {tabla}" + (" --reemplazar" if reemplazar else "")
                 + (f" --etiquetas {etiquetas}" if etiquetas != "arriba" else ""))
        escribir_atomico(marca, orden + "\n")
        resultado = _importar(ruta, lectura, datos, periodo, tabla, reemplazar)
        marca.unlink(missing_ok=True)
        return resultado


def _importar(ruta: Path, lectura, datos: Path, periodo: str, tabla: str,
              reemplazar: bool) -> tuple[list[ResultadoEntidad], list[str]]:
    from . import FAMILIA as LECTURA

    contexto = LECTURA.contexto(datos)
    por_entidad: dict[str, list[Fila]] = {}
    for f in lectura.filas:
        if f.entidad is not None:
            por_entidad.setdefault(f.entidad, []).append(f)
    resultados = [_escribir_entidad(ruta, por_entidad[a], a, datos, periodo, tabla, reemplazar, contexto)
                  for a in sorted(por_entidad, key=lambda a: cat.ORDEN_ENTIDAD[a])]
    sin_entidad = [f for f in lectura.filas if f.entidad is None]
    avisos = list(lectura.avisos)
    avisos += [f"{ruta.name}:{f.linea}: fila sin entidad atribuible; no se importa: «{f.texto[:60]}»" for f in sin_entidad]
    return resultados, avisos


def _escribir_entidad(ruta: Path, filas: list[Fila], abreviatura: str, datos: Path, periodo: str, tabla: str,
                      reemplazar: bool, contexto) -> ResultadoEntidad:
    """Las filas de una entidad en su archivo del periodo: reemplazan sus acuerdos o sus medidas (lo demás
    del archivo se conserva), con la nota de cada fila de atribución dudosa."""
    from ..archivos import guardar_con_respaldo
    from .agregar import por_estatus
    from . import FAMILIA as LECTURA
    from .almacen import ruta_jle
    from .recibir import releer
    from .serializar import yaml_jle

    destino = ruta_jle(datos, periodo, abreviatura)
    informe = _informe_de(destino, abreviatura, periodo, LECTURA.cargar(destino, contexto=contexto).registro
                          if destino.is_file() else None)
    notas = _poner_filas(informe, filas, tabla, abreviatura, periodo)
    encabezado = (f"Importado con `informe importar` de {ruta.name} (tabla de {tabla}).\n"
                  "Las filas con comentario tienen una atribución de entidad que conviene revisar.")
    contenido = yaml_jle(informe, encabezado, notas)
    # lo que se escribiría se lee con las reglas de `validar`: un anexo nunca deja un archivo que
    # `validar` rechace después. Un archivo existente solo se sustituye con --reemplazar.
    hecho = guardar_con_respaldo(destino, contenido, reemplazar, lambda texto: releer(texto, str(destino), contexto))
    dudosas = sum(1 for f in filas if any(n.startswith("atribución dudosa") for n in f.notas))
    return ResultadoEntidad(abreviatura, destino, hecho.estado, por_estatus([f.estatus for f in filas]),
                            dudosas, hecho.problemas, hecho.respaldo)


def _informe_de(destino: Path, abreviatura: str, periodo: str, previo):
    from .modelo import InformeJLE

    return previo if isinstance(previo, InformeJLE) else InformeJLE(str(destino), abreviatura, periodo)


def _poner_filas(informe, filas: list[Fila], tabla: str, abreviatura: str, periodo: str) -> dict[str, list[str]]:
    """Las filas como medidas o acuerdos del informe; devuelve las notas de cada una, por su clave."""
    from .modelo import Acuerdo, Medida, formar_id

    notas: dict[str, list[str]] = {}
    if tabla == "medidas":
        informe.medidas = [Medida(f.texto, f.estatus, 0) for f in filas]
        for i, f in enumerate(filas, 1):
            notas[f"medida-{i}"] = f.notas
    else:
        informe.acuerdos = [Acuerdo(formar_id(abreviatura, periodo, i), f.texto, f.estatus, None, 0)
                            for i, f in enumerate(filas, 1)]
        informe.acuerdos_reportados = True
        for a, f in zip(informe.acuerdos, filas):
            notas[a.id] = f.notas
    return notas
