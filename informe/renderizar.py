"""Render: plantillas Jinja → Markdown de pandoc.

Las plantillas son las que vienen con el paquete o, antes que ellas, las de una carpeta que el
usuario nombra (`--plantillas DIR`). Nunca se toman sin pedirlas: una carpeta `plantillas/` en el
directorio de trabajo (que puede venir dentro de datos recibidos de otro lado) no se usa. Se componen
en la misma caja de arena inmutable y acotada que los textos (`caja.Caja`, docs/seguridad.md).

Todo texto que viene de los datos pasa por el filtro `md`, que lo escapa para
que se lea literal en Markdown y en todo lo que pandoc produce a partir de él.
"""

from __future__ import annotations

import functools
import json
import math
import re
from datetime import date
from pathlib import Path

from .lengua import MESES, enumerar, ordinal, plural  # noqa: F401  (filtro de las plantillas)

def _plantillas_paquete() -> Path:
    """Las plantillas instaladas con el paquete (`plantillas/` del repositorio, empaquetada como informe.plantillas)."""
    try:
        from importlib.resources import files

        return Path(str(files("informe.plantillas"))).resolve()
    except (ModuleNotFoundError, TypeError):  # ejecución desde el código fuente sin instalar
        return Path(__file__).resolve().parent.parent / "plantillas"


PLANTILLAS_PAQUETE = _plantillas_paquete()

# Dialecto: Markdown de pandoc *sin* la extensión `smart` (así comillas, «--» y «...»
# quedan tal cual). pandoc admite escapar cualquier signo ASCII con «\\»; se escapan
# los que tienen significado en cualquier lugar de una línea…
_SIGNOS = re.compile(r"([\\`*_{}\[\]#<>$@~^&|])")
# …y los que solo lo tienen al inicio: viñetas, listas numeradas, citas, definiciones.
_INICIO = re.compile(r"^(\(?(?:\d+|[A-Za-z]+))([.)])|^([-+:=%])")
# Sin `citations` ni `raw_tex`: en la redacción del analista «@INEMexico» es una cuenta, no una cita (el PDF se
# detenía: «the document does not contain a bibliography»), y «\newpage» es texto, no TeX crudo que el DOCX
# callaba y el PDF no sabía componer. Así lo que validar deja pasar, los convertidores lo escriben tal cual.
FORMATO_PANDOC = "markdown-smart-citations-raw_tex"


def _escapar_linea(linea: str) -> str:
    linea = _SIGNOS.sub(r"\\\1", " ".join(linea.split()))
    return _INICIO.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", linea)


def md(texto: object) -> str:
    """Texto literal en Markdown; cada salto de línea del dato es un salto forzado."""
    if texto is None:
        return ""
    return "\\\n".join(_escapar_linea(l) for l in str(texto).splitlines() if l.strip())


def atributo(texto: object) -> str:
    """Un valor de atributo de pandoc entre comillas (`{alt="…"}`) que se lee literal: pandoc interpreta
    «\\», «"» y las entidades HTML («&amp;») dentro del valor."""
    plano = " ".join("".join(c if c.isprintable() else " " for c in str(texto)).split())
    return '"' + plano.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;") + '"'


def md_celda(texto: object) -> str:
    """Texto literal en una celda de tabla (una celda de tabla de pandoc no admite saltos de línea)."""
    if texto is None:
        return ""
    return _escapar_linea(" ".join(str(texto).split()))


class Marcado(str):
    """Texto que ya es Markdown de la herramienta (negritas de un total): `tabla` no lo escapa."""


def _ancho(texto: str) -> int:
    """Columnas que ocupa el texto como las cuenta pandoc: anchas 2, combinantes 0."""
    import unicodedata

    try:  # español: casi siempre Latin-1, donde solo el guion suave (U+00AD) no ocupa columna
        texto.encode("latin-1")
    except UnicodeEncodeError:
        pass
    else:
        return len(texto) - texto.count("\xad")
    return sum(0 if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf")
               else 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in texto)


def _partir(parrafo: str, ancho: int) -> list[str]:
    """Reparte un párrafo en líneas de `ancho` columnas sin cortar palabras (pandoc las vuelve a unir)."""
    lineas, actual, usado = [], [], 0
    for palabra in parrafo.split(" "):
        w = _ancho(palabra)
        if actual and usado + 1 + w > ancho:
            lineas.append(" ".join(actual))
            actual, usado = [], 0
        usado += w + (1 if actual else 0)
        actual.append(palabra)
    if actual:
        lineas.append(" ".join(actual))
    return lineas


def _parrafos(celda: object) -> list[str]:
    if celda is None:
        return []
    if isinstance(celda, Marcado):
        return [str(celda)]
    return [_escapar_linea(l) for l in str(celda).splitlines() if l.strip()]


# Caracteres de texto de tabla (9 pt) que caben en el ancho de la página, en PDF y en DOCX: pandoc reparte
# la página en proporción a los anchos del Markdown. Cada celda pierde dos de margen; un encabezado va en
# negritas, un décimo más ancho.
CARACTERES_PAGINA = 94


_VINCULO = re.compile(r"^\[([^\]]*)\]\[[^\]]*\]\W*$")


# Un carácter de CARACTERES_PAGINA, en em de la letra de tabla: 16.59 cm de página entre 94, a 9 pt.
EM_POR_CARACTER = 0.556


def _caracteres_impresos(texto: str, negritas: bool = False) -> float:
    """Cuántos caracteres de CARACTERES_PAGINA ocupa `texto` impreso en la letra de tabla (sin redondear: doce
    columnas redondeadas hacia arriba sumaban seis caracteres que la página sí tiene)."""
    from .metricas import em

    return em(texto.replace("\\", ""), negritas) / EM_POR_CARACTER


def _anchos_de_columnas(cabeza: list[list[str]], celdas: list[list[list[str]]], anchos: list[int]) -> list[int]:
    """Cada columna, tan ancha como su palabra más larga en el Markdown (pandoc no parte una palabra) y como
    lo que necesita en la página lo que se ve en ella (`_anchos_que_caben`)."""
    def mayor(filas, medir) -> list[int]:
        return [max((medir(p) for fila in filas for par in fila[j] for p in par.split(" ")), default=1)
                for j in range(len(anchos))]

    en_markdown = mayor([cabeza, *celdas], _ancho)
    # lo que se ve, medido con los anchos de la letra (una mayúscula ocupa casi el doble que una «l»: contar
    # letras dejaba «INETEL» y «Postal» pegados al borde de su celda); de un vínculo «[sitio][ref]», su texto
    # (en papel, la dirección partida en sus separadores)
    vistas = mayor(celdas, lambda p: _caracteres_impresos(_VINCULO.sub(r"\1", p)))
    en_negritas = mayor([cabeza], lambda p: _caracteres_impresos(p, negritas=True))
    return _anchos_que_caben([max(a, m) for a, m in zip(anchos, en_markdown)], list(map(max, vistas, en_negritas)))


def _anchos_que_caben(columnas: list[int], mayores: list[float]) -> list[int]:
    """Ensancha cada columna cuya palabra más larga (y sus dos márgenes) no cabría en la parte de la página
    que le tocará: un encabezado como «Reproducciones» no se sale de su celda ni se parte a media palabra.
    Las columnas ensanchadas toman justo su parte; las demás conservan sus anchos. Si ni así caben todas,
    quedan como estaban (la página no da más): la plantilla las reparte."""
    necesarias = [m + 2 for m in mayores]
    if sum(necesarias) >= CARACTERES_PAGINA:
        return columnas
    fijas: set[int] = set()
    while True:
        resto = sum(c for j, c in enumerate(columnas) if j not in fijas)
        parte = sum(necesarias[j] for j in fijas) / CARACTERES_PAGINA
        total = resto / (1 - parte)
        faltan = {j for j, c in enumerate(columnas) if j not in fijas and c * CARACTERES_PAGINA < necesarias[j] * total}
        if not faltan:
            return [math.ceil(necesarias[j] * int(total) / CARACTERES_PAGINA) + 1 if j in fijas else c
                    for j, c in enumerate(columnas)]
        fijas |= faltan


def tabla(encabezados: list[str], filas: list[list], anchos: list[int], leyenda: str | None = None,
          alinear: str = "") -> str:
    """Tabla de cuadrícula de pandoc: una celda conserva los párrafos de su dato.

    Cada salto de línea del dato es un párrafo de la celda (la lista «1. … 3.1 … 5.» de una
    medida sigue siendo una lista legible); el texto se escapa, así que se lee literal.
    Una palabra más larga que su columna ensancha la columna en vez de partirse.
    `alinear`: una letra por columna, «l» o «r» (cifras a la derecha); sin ella, todas a la izquierda.
    """
    celdas = [[_parrafos(c) for c in fila] for fila in filas]
    cabeza = [_parrafos(Marcado(e)) for e in encabezados]
    columnas = _anchos_de_columnas(cabeza, celdas, anchos)

    def renglones(fila: list[list[str]]) -> list[str]:
        bloques = []
        for j, parrafos in enumerate(fila):
            lineas: list[str] = []
            for k, par in enumerate(parrafos):
                if k:
                    lineas.append("")
                lineas += _partir(par, columnas[j])
            bloques.append(lineas)
        alto = max(1, *(len(b) for b in bloques))
        salida = []
        for i in range(alto):
            partes = []
            for j, b in enumerate(bloques):
                t = b[i] if i < len(b) else ""
                partes.append(" " + t + " " * (columnas[j] - _ancho(t)) + " ")
            salida.append("|" + "|".join(partes) + "|")
        return salida

    def separador(relleno: str) -> str:
        partes = []
        for j, w in enumerate(columnas):
            if relleno == "=" and alinear[j:j + 1] == "r":
                partes.append("=" * (w + 1) + ":")
            elif relleno == "=":
                partes.append(":" + "=" * (w + 1))
            else:
                partes.append("-" * (w + 2))
        return "+" + "+".join(partes) + "+"

    lineas = [separador("-"), *renglones(cabeza), separador("=")]
    for fila in celdas:
        lineas += renglones(fila)
        lineas.append(separador("-"))
    if leyenda:
        lineas += ["", f": {leyenda}"]
    return "\n".join(lineas) + "\n"


def fecha_larga(d: date | str) -> str:
    """2024-03-14 → «14 de marzo de 2024», sin depender del locale del sistema."""
    if isinstance(d, str):
        d = date.fromisoformat(d)
    return f"{d.day} de {MESES[d.month - 1]} de {d.year}"


def fecha_corta(d: date | str) -> str:
    if isinstance(d, str):
        d = date.fromisoformat(d)
    return f"{d.day} de {MESES[d.month - 1]}"


def rango_fechas(inicio: date, fin: date) -> str:
    """«del 14 de marzo al 23 de abril de 2024» (el año una vez si coincide; el mes también: «del 1 al 30 de
    noviembre de 2023»)."""
    if (inicio.year, inicio.month) == (fin.year, fin.month):
        return f"del {inicio.day} al {fecha_larga(fin)}"
    if inicio.year == fin.year:
        return f"del {fecha_corta(inicio)} al {fecha_larga(fin)}"
    return f"del {fecha_larga(inicio)} al {fecha_larga(fin)}"


def autor(ctx) -> str:
    """El autor del documento en sus propiedades (PDF y DOCX): el área que lo elabora (proceso.yaml)."""
    return ctx.proceso.area or ctx.proceso.institucion or "Instituto Nacional Electoral"


def asunto(ctx) -> str:
    """El asunto del documento en sus propiedades (PDF, DOCX y la descripción del HTML): el título corto y el
    periodo que informa. Si los límites del periodo son supuestos (`fechas_en_portada` falso), solo el título:
    las propiedades se leen como el documento (Archivo → Propiedades, un lector de pantalla) y una suposición
    no se imprime como hecho en ningún lugar."""
    if not ctx.fechas_en_portada:
        return ctx.titulo_corto
    r = ctx.r
    return f"{ctx.titulo_corto}. Periodo que se informa: {rango_fechas(r.inicio, r.fin)}"


def mes_anio(periodo: str) -> str:
    anio, mes = periodo.split("-")
    return f"{MESES[int(mes) - 1]} {anio}"


def mes_de_anio(periodo: str) -> str:
    """«2024-05» → «mayo de 2024»."""
    anio, mes = periodo.split("-")
    return f"{MESES[int(mes) - 1]} de {anio}"


def numero(n: int | None) -> str:
    """Separador de miles como lo escribe el INE: 1,709."""
    return "no reportado" if n is None else f"{n:,}"


def porcentaje(x: float | None) -> str:
    return "no reportado" if x is None else f"{x:.1f}%"


def numero_o_vacio(n: int | None) -> str:
    """Una celda sin dato en la tabla de origen queda vacía (no es cero ni «no reportado»)."""
    return "" if n is None else numero(n)


def con_signo(n: int | None) -> str:
    """«+1,234» o «−56» (signo menos tipográfico): una variación entre dos cortes."""
    if n is None:
        return ""
    return f"+{n:,}" if n > 0 else f"−{-n:,}" if n < 0 else "0"


def edad(x: float | None) -> str:
    return "" if x is None else f"{x:.2f}"


def lista_es(elementos: list[str]) -> str:
    """«a, b y c», con «e» ante i-/hi- («Colima e Hidalgo»), como toda enumeración del informe."""
    return enumerar(elementos, "y")


def yaml_texto(texto: str) -> str:
    """Un valor de metadatos YAML entre comillas (JSON es YAML), legible con acentos."""
    return json.dumps(texto, ensure_ascii=False)


PLANTILLA_MAXIMA = 4 * 1024 * 1024  # la más grande del paquete tiene 20 KB


def cargador_sin_enlaces(rutas: list[Path]):
    """Un cargador de Jinja que no sigue enlaces: una plantilla (o una carpeta en su camino) que es un enlace
    simbólico, una FIFO o un dispositivo se niega con `PlantillaNegada`, sin leer su destino. Sin esto,
    `{% include "nota.md.j2" %}` con `nota.md.j2 → cualquier archivo` copiaba ese archivo en el informe."""
    import os
    import stat

    from jinja2 import FileSystemLoader
    from jinja2.loaders import split_template_path

    from .caja import PlantillaNegada

    class SinEnlaces(FileSystemLoader):
        def get_source(self, environment, template):
            partes = split_template_path(template)
            for base in self.searchpath:
                ruta = _sin_enlaces(Path(base), partes, template)
                if ruta is not None:
                    fuente = _leer_plantilla(ruta, template)
                    mtime = os.stat(ruta).st_mtime
                    return fuente, str(ruta), lambda: os.path.getmtime(ruta) == mtime
            return super().get_source(environment, template)  # TemplateNotFound, con su nombre

    def _sin_enlaces(base: Path, partes: list[str], nombre: str) -> Path | None:
        actual = base
        for parte in partes:
            actual = actual / parte
            try:
                modo = os.lstat(actual).st_mode
            except OSError:
                return None  # no está en esta carpeta: se busca en la siguiente
            if stat.S_ISLNK(modo):
                raise PlantillaNegada(nombre, f"«{actual.name}» es un enlace simbólico: no se sigue")
        if not stat.S_ISREG(modo):
            raise PlantillaNegada(nombre, "no es un archivo común")
        return actual

    def _leer_plantilla(ruta: Path, nombre: str) -> str:
        fd = os.open(ruta, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise PlantillaNegada(nombre, "no es un archivo común")
            datos = f.read(PLANTILLA_MAXIMA + 1)
        if len(datos) > PLANTILLA_MAXIMA:
            raise PlantillaNegada(nombre, f"pasa de {PLANTILLA_MAXIMA // 2**20} MiB")
        return datos.decode("utf-8")

    return SinEnlaces([str(r) for r in rutas])


def entorno(plantillas_usuario: Path | None = None, raiz: Path | None = None):
    """Las plantillas de la familia (`raiz`, dentro de las del paquete), y antes las de la carpeta que el
    usuario nombra con --plantillas, con la misma forma. Nada del directorio de trabajo."""
    from jinja2 import StrictUndefined

    from .caja import PLANTILLAS, Acumulador, Caja

    raiz = raiz or PLANTILLAS_PAQUETE
    rutas = []
    if plantillas_usuario is not None:
        rutas.append(plantillas_usuario)
    rutas.append(raiz)
    if raiz != PLANTILLAS_PAQUETE:
        rutas.append(PLANTILLAS_PAQUETE)  # lo común (macros.md.j2) también sirve a las otras familias
    env = Caja(
        PLANTILLAS,
        extensions=["jinja2.ext.do"],
        loader=cargador_sin_enlaces(rutas),
        undefined=StrictUndefined,
        autoescape=False,  # el escape es de Markdown, no de HTML: lo hace el filtro md
        keep_trailing_newline=True,
        # «{#» abre los atributos de encabezado de pandoc ({#presentacion}): los comentarios de Jinja son {## ##}
        comment_start_string="{##",
        comment_end_string="##}",
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(filtros(), atributo=atributo)  # atributo: solo plantillas (en un texto saldría escapado dos veces)
    env.acotar_filtros()
    env.globals.update(rango_fechas=rango_fechas, plural=plural, ordinal=ordinal, tabla=tabla, acumulador=Acumulador)
    return env


def filtros() -> dict:
    return dict(md=md, md_celda=md_celda, fecha_larga=fecha_larga, fecha_corta=fecha_corta, numero=numero,
                porcentaje=porcentaje, yaml_texto=yaml_texto, lista_es=lista_es, mes_anio=mes_anio,
                mes_de_anio=mes_de_anio, numero_o_vacio=numero_o_vacio, con_signo=con_signo, edad=edad)


class Numerador:
    """Tablas, gráficas e imágenes numeradas desde 1 en el orden en que aparecen en el informe."""

    def __init__(self) -> None:
        self._cuentas: dict[str, int] = {}

    def siguiente(self, tipo: str) -> int:
        self._cuentas[tipo] = self._cuentas.get(tipo, 0) + 1
        return self._cuentas[tipo]


@functools.lru_cache(maxsize=8)
def _entorno_reusable(plantillas_usuario: Path | None, raiz: Path | None):
    """El entorno con sus plantillas ya compiladas: compilarlas cuesta más que componer (≈0.5 s), y `informe
    vista` compone a cada cambio. Jinja vuelve a compilar una plantilla que cambió en disco (auto_reload); la
    caja reinicia su presupuesto en cada composición."""
    return entorno(plantillas_usuario, raiz)


def renderizar_markdown(contexto: dict, plantillas_usuario: Path | None = None, ranuras: dict[str, str] | None = None,
                        raiz: Path | None = None) -> str:
    """El informe completo en Markdown.

    `ranuras`: ranura → la redacción de la institución y del analista ya compuesta
    (`textos.componer_ranuras`), que la plantilla inserta en su lugar.
    """
    env = _entorno_reusable(plantillas_usuario, raiz)
    salida = env.componer(env.get_template("informe.md.j2"), **contexto, textos=ranuras or {}, num=Numerador())
    return re.sub(r"\n{3,}", "\n\n", salida).strip() + "\n"
