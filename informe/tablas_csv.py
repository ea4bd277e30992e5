"""Lector declarativo de tablas CSV: cada tabla declara su esquema (columnas con su tipo, clave, fila de
totales) y el lector devuelve filas con valores tipados y la posición de cada celda, y los problemas
como datos, con archivo, línea y columna de caracteres.

El modelo es el *Table Schema* de frictionless: un campo tiene nombre, tipo y restricciones
(`required`), la tabla una clave primaria (`primaryKey`); se agrega lo que los informes necesitan y
frictionless no tiene: la fila de totales (su etiqueta en una columna) y los catálogos (una columna
cuyos valores se reconocen contra una lista cerrada y se escriben en su forma canónica).

Una celda vacía es «sin dato» (`None`), nunca cero. El CSV es el que exportan los sistemas: UTF-8,
coma, comillas dobles para las celdas que llevan comas o saltos de línea, cifras sin separador de miles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from .escritura import primer_ajeno
from .glifos import SUGERENCIA_AJENO, SUGERENCIA_SIN_GLIFO, mensaje_ajeno, mensaje_sin_glifo, primer_sin_glifo
from .problemas import ERROR, TABLAS, Problema, problema, registrar

registrar({
    "tabla-encabezado": (ERROR, "El encabezado de una tabla CSV no es el que declara su esquema."),
    "tabla-celdas": (ERROR, "Una fila de una tabla CSV no tiene tantas celdas como su encabezado."),
    "tabla-tipo": (ERROR, "Una celda no es del tipo de su columna (cifra entera, decimal, fecha o enlace)."),
    "tabla-requerida": (ERROR, "Una celda obligatoria de una tabla CSV está vacía."),
    "tabla-clave-repetida": (ERROR, "Dos filas de una tabla CSV tienen la misma clave."),
    "tabla-sin-total": (ERROR, "Una tabla CSV que declara fila de totales no la tiene."),
    "tabla-comillas": (ERROR, "Unas comillas de una tabla CSV no se cierran."),
    "tabla-celda-larga": (ERROR, "Una celda de una tabla CSV pasa del largo máximo."),
    "tabla-caracter": (ERROR, "Una celda de una tabla CSV trae un carácter de control o una marca de dirección."),
}, TABLAS)

_ENTERO = re.compile(r"\A(0|[1-9][0-9]{0,11})\Z")  # ASCII: «²» o dígitos de ancho completo no son cifras
_FECHA = re.compile(r"\A([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
# Un enlace: https://, un nombre de sitio (letras, cifras, guiones y puntos, y quizá su puerto) y solo los
# caracteres que una URL admite (sin espacios, comillas ni < >), para que el informe pueda escribirlo como
# destino de un vínculo sin que un dato escape de él. El sitio se imprime como texto del vínculo: sin
# corchetes ni asteriscos (https://[x/ hacía fallar a urlsplit al compilar, y https://*a*/ salía en cursiva).
_ENLACE = re.compile(r"\Ahttps://[A-Za-z0-9][A-Za-z0-9.\-]{0,252}(?::[0-9]{1,5})?"
                     r"(?:[/?#][A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]{0,480})?\Z")
# Controles (ESC, BEL…; el salto de línea y el tabulador de una celda entre comillas son texto) y las
# marcas que invierten la dirección del texto: ni la terminal ni el PDF/A deben recibirlos de un dato
# (Typst no tiene con qué dibujarlos y el PDF no se produce), y una marca de dirección esconde lo que dice la celda.
_AJENO = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
_CORTO = 40
CELDA_MAXIMA = 5_000  # caracteres: la celda más larga de un informe es una segmentación de unos 400


def _corto(texto: str) -> str:
    texto = " ".join(texto.split())
    return texto if len(texto) <= _CORTO else texto[:_CORTO - 1] + "…"


@dataclass(frozen=True)
class Catalogo:
    """Una lista cerrada para una columna: `buscar` da la forma canónica (o None), `parecido` una sugerencia."""
    buscar: Callable[[str], str | None]
    parecido: Callable[[str], str | None]
    codigo: str
    que_es: str  # «una entidad federativa», para el mensaje


@dataclass(frozen=True)
class Columna:
    nombre: str  # como va en el encabezado del CSV
    tipo: str = "texto"  # texto, entero, decimal, fecha (AAAA-MM-DD), enlace (https://…)
    titulo: str | None = None  # como se imprime en el informe (sin él, el nombre)
    requerida: bool = False
    decimales: int = 2  # máximo, para «decimal»
    catalogo: Catalogo | None = None
    ancho: int = 8  # ancho relativo en la tabla del informe
    vacio: str = ""  # cómo se imprime una celda vacía (el informe publicado dice «En proceso», p. ej.)


TIPOS = ("texto", "entero", "decimal", "fecha", "enlace")


@dataclass(frozen=True)
class Esquema:
    archivo: str  # nombre del archivo en la carpeta del periodo
    columnas: tuple[Columna, ...]
    clave: tuple[str, ...] = ()  # columnas cuyo valor no se repite entre filas (vacía: sin clave)
    totales: str | None = None  # columna donde «TOTAL» marca una fila de totales
    total_requerido: bool = False

    def __post_init__(self):
        nombres = [c.nombre for c in self.columnas]
        assert all(c.tipo in TIPOS for c in self.columnas), self.archivo
        assert set(self.clave) <= set(nombres) and (self.totales is None or self.totales in nombres), self.archivo

    @property
    def encabezado(self) -> tuple[str, ...]:
        return tuple(c.nombre for c in self.columnas)


@dataclass(slots=True)
class FilaCsv:
    valores: dict[str, object]  # columna → valor tipado (None: vacía o inválida)
    linea: int
    columnas: dict[str, int]  # columna → columna de caracteres de la celda en su línea
    total: bool = False


@dataclass(slots=True)
class TablaCsv:
    archivo: str
    filas: list[FilaCsv]
    totales: list[FilaCsv]
    encabezado: int  # línea del encabezado
    posiciones: dict[str, int]  # columna → su celda en el encabezado


class _Acotados(list):
    """Los problemas de una tabla, los primeros LIMITE_POR_CODIGO de cada código (como el lector de YAML):
    8 MiB de celdas «x» serían millones de problemas, cada uno con su mensaje, que nadie lee y que
    ocuparían gigabytes antes de que `validar` los resuma. `cerrar` agrega una línea con lo omitido."""

    def __init__(self, archivo: str):
        # el límite es el del lector de YAML; importarlo aquí y no arriba: registrar las órdenes de una
        # familia importa su paquete (y este módulo) en cada arranque, y `--help` no lee YAML
        from .yaml_seguro import LIMITE_POR_CODIGO

        super().__init__()
        self.archivo, self.cuentas, self.limite = archivo, {}, LIMITE_POR_CODIGO

    def append(self, p: Problema) -> None:
        self.cuentas[p.codigo] = self.cuentas.get(p.codigo, 0) + 1
        if self.cuentas[p.codigo] <= self.limite:
            super().append(p)

    def cerrar(self) -> list[Problema]:
        return list(self) + [problema(self.archivo, None, None, codigo,
                                      f"… y {n - self.limite:,} problemas más del mismo tipo en este archivo.",
                                      "Corrija los anteriores: suelen tener la misma causa.")
                             for codigo, n in sorted(self.cuentas.items()) if n > self.limite]


def separar(texto: str, archivo: str, problemas: list[Problema]) -> list[tuple[int, list[tuple[str, int]]]]:
    """Las filas del CSV con la línea donde empieza cada una y, por celda, su texto y su columna.

    A mano y no con `csv`: el módulo estándar no dice dónde empieza cada celda, y una celda entre
    comillas puede abarcar líneas."""
    filas: list[tuple[int, list[tuple[str, int]]]] = []
    i, linea, col, n = 0, 1, 1, len(texto)
    while i < n:
        inicio_fila = linea
        celdas: list[tuple[str, int]] = []
        while True:
            inicio_col = col
            if i < n and texto[i] == '"':
                valor, i, linea, col, cerrada = _entre_comillas(texto, i, linea, col)
                if not cerrada:
                    problemas.append(problema(archivo, inicio_fila, inicio_col, "tabla-comillas",
                                              "Las comillas de esta celda no se cierran.",
                                              "Cierre la celda con comillas dobles; dentro, escriba \"\" para una comilla."))
            else:
                fin = _fin_de_celda(texto, i)
                valor = texto[i:fin]
                col += fin - i
                i = fin
            celdas.append((valor.rstrip("\r"), inicio_col))
            if i < n and texto[i] == ",":
                i, col = i + 1, col + 1
                continue
            if i < n:  # salto de línea
                i, linea, col = i + 1, linea + 1, 1
            break
        if any(v.strip() for v, _ in celdas):
            filas.append((inicio_fila, celdas))
    return filas


_SEPARADOR = re.compile(r"[,\n]")


def _fin_de_celda(texto: str, i: int) -> int:
    """Dónde termina la celda sin comillas que empieza en `i`: en la coma o el salto que sigue, o al final."""
    m = _SEPARADOR.search(texto, i)
    return m.start() if m else len(texto)


def _entre_comillas(texto: str, i: int, linea: int, col: int) -> tuple[str, int, int, int, bool]:
    """La celda entre comillas que empieza en `i` (la comilla): su valor, dónde sigue el texto (`i`, línea y
    columna) y si las comillas se cerraron. «""» dentro es una comilla; lo que siga a la de cierre se conserva."""
    partes, i, col = [], i + 1, col + 1
    while True:
        cierre = texto.find('"', i)
        trozo = texto[i:] if cierre < 0 else texto[i:cierre]
        partes.append(trozo)
        linea, col = _tras(trozo, linea, col)
        if cierre < 0:  # el archivo termina dentro de la celda
            i, cerrada = len(texto), False
            break
        if texto[cierre + 1:cierre + 2] == '"':
            partes.append('"')
            i, col = cierre + 2, col + 2
            continue
        i, col, cerrada = cierre + 1, col + 1, True
        break
    fin = _fin_de_celda(texto, i)
    return "".join(partes) + texto[i:fin], fin, linea, col + fin - i, cerrada


def _tras(trozo: str, linea: int, col: int) -> tuple[int, int]:
    """La línea y la columna después de `trozo`, que empieza en (`linea`, `col`)."""
    saltos = trozo.count("\n")
    return (linea + saltos, len(trozo) - trozo.rfind("\n")) if saltos else (linea, col + len(trozo))


def _valor(columna: Columna, celda: str, archivo: str, linea: int, col: int,
           problemas: list[Problema]) -> object:
    """El valor tipado de una celda (ya sin espacios a los lados), o None con su problema."""
    def mal(mensaje: str, sugerencia: str) -> None:
        problemas.append(problema(archivo, linea, col, "tabla-tipo", f"{columna.nombre}: {mensaje}", sugerencia))

    if columna.tipo == "entero":
        if _ENTERO.match(celda):
            return int(celda)
        sin_miles = celda.replace(",", "")
        mal(f"«{_corto(celda)}» no es una cifra entera no negativa.",
            f"Escriba {sin_miles} sin separador de miles." if _ENTERO.match(sin_miles)
            else "Escriba solo cifras; deje la celda vacía si no hay dato.")
        return None
    if columna.tipo == "decimal":
        patron = r"\A[0-9]{1,6}(\.[0-9]{1,%d})?\Z" % columna.decimales
        if re.match(patron, celda):
            return float(celda)
        mal(f"«{_corto(celda)}» no es un número con hasta {columna.decimales} decimales.",
            "Escriba el número con punto decimal, como 45.31.")
        return None
    if columna.tipo == "fecha":
        m = _FECHA.match(celda)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                pass
        mal(f"«{_corto(celda)}» no es una fecha.", "Escriba la fecha como AAAA-MM-DD, por ejemplo 2023-11-16.")
        return None
    if columna.tipo == "enlace":
        if _ENLACE.match(celda):
            return celda
        mal(f"«{_corto(celda)}» no es una dirección https:// completa.",
            "Copie la dirección completa, empezando por https://; deje la celda vacía si no hay enlace.")
        return None
    if columna.catalogo is not None:
        canonico = columna.catalogo.buscar(celda)
        if canonico is None:
            cercano = columna.catalogo.parecido(celda)
            problemas.append(problema(archivo, linea, col, columna.catalogo.codigo,
                                      f"«{_corto(celda)}» no es {columna.catalogo.que_es}.",
                                      f"¿Quiso decir «{cercano}»?" if cercano else
                                      f"Escriba {columna.catalogo.que_es} como en el catálogo del paquete."))
        return canonico
    return celda


def leer(texto: str, archivo: str, esquema: Esquema) -> tuple[TablaCsv | None, list[Problema]]:
    """Lee `texto` según `esquema`. Sin tabla (None) solo si falta el encabezado o no es el declarado;
    una fila con problemas se omite o queda con la celda en None, y el problema lo dice."""
    problemas = _Acotados(archivo)
    # Excel para Mac antiguo separa las filas solo con CR: también es un salto de línea
    texto = texto.replace("\r\n", "\n").replace("\r", "\n")
    filas_crudas = separar(texto, archivo, problemas)
    if not filas_crudas:
        return None, problemas.cerrar() + [problema(archivo, None, None, "archivo-vacio", "La tabla no tiene filas.",
                                           f"La primera línea es el encabezado: {','.join(esquema.encabezado)}")]
    linea_enc, celdas_enc = filas_crudas[0]
    otro = _otro_encabezado(esquema, archivo, linea_enc, celdas_enc)
    if otro is not None:
        return None, problemas.cerrar() + [otro]
    posiciones = {c: p for c, (_, p) in zip(esquema.encabezado, celdas_enc)}
    filas: list[FilaCsv] = []
    totales: list[FilaCsv] = []
    claves = _Claves(esquema, archivo, problemas)
    for linea, celdas in filas_crudas[1:]:
        fila = _fila(esquema, archivo, linea, celdas, problemas)
        if fila is not None and claves.admite(fila):
            (totales if fila.total else filas).append(fila)
    if esquema.total_requerido and not totales:
        problemas.append(problema(archivo, None, None, "tabla-sin-total", "La tabla no tiene su fila TOTAL.",
                                  "Agregue la fila TOTAL tal como la exporta el sistema: se comprueba contra las filas."))
    return TablaCsv(archivo, filas, totales, linea_enc, posiciones), problemas.cerrar()


def _otro_encabezado(esquema: Esquema, archivo: str, linea: int, celdas: list[tuple[str, int]]) -> Problema | None:
    """El problema de un encabezado que no es el declarado, en la primera columna que difiere; None si lo es."""
    encabezado = tuple(v.strip() for v, _ in celdas)
    esperado = esquema.encabezado
    if encabezado == esperado:
        return None
    j = next((k for k, (a, b) in enumerate(zip(encabezado, esperado)) if a != b), min(len(encabezado), len(esperado)))
    return problema(
        archivo, linea, celdas[j][1] if j < len(celdas) else None, "tabla-encabezado",
        f"El encabezado no es el de {esquema.archivo}: la columna {j + 1} es "
        f"«{_corto(encabezado[j]) if j < len(encabezado) else '(falta)'}» y debe ser "
        f"«{esperado[j] if j < len(esperado) else '(ninguna)'}».", f"Use el encabezado: {','.join(esperado)}")


def _fila(esquema: Esquema, archivo: str, linea: int, celdas: list[tuple[str, int]],
          problemas: list[Problema]) -> FilaCsv | None:
    """Una fila con sus valores tipados (None donde la celda está vacía o no se pudo leer); None si no tiene
    tantas celdas como el encabezado."""
    if len(celdas) != len(esquema.columnas):
        problemas.append(problema(archivo, linea, None, "tabla-celdas",
                                  f"La fila tiene {len(celdas)} celdas y el encabezado {len(esquema.columnas)}.",
                                  "Revise separadores: una cifra con coma de miles debe ir sin la coma, y un "
                                  "texto con comas, entre comillas dobles."))
        return None
    columnas = {c.nombre: p for c, (_, p) in zip(esquema.columnas, celdas)}
    es_total = (esquema.totales is not None
                and celdas[esquema.encabezado.index(esquema.totales)][0].strip().upper() == "TOTAL")
    valores: dict[str, object] = {}
    for c, (crudo, p) in zip(esquema.columnas, celdas):
        celda = crudo.strip()
        ilegible = _ilegible(c, celda, archivo, linea, p)
        if ilegible is not None:
            problemas.append(ilegible)
            valores[c.nombre] = None
        elif es_total and c.nombre == esquema.totales:
            valores[c.nombre] = "TOTAL"
        elif not celda:
            valores[c.nombre] = None
            if c.requerida and not es_total:
                problemas.append(problema(archivo, linea, p, "tabla-requerida", f"{c.nombre}: la celda está vacía.",
                                          f"Escriba {c.titulo or c.nombre} de esta fila."))
        else:
            valores[c.nombre] = _valor(c, celda, archivo, linea, p, problemas)
            _avisar_ajeno(c, celda, archivo, linea, p, problemas)
    return FilaCsv(valores, linea, columnas, es_total)


def _avisar_ajeno(c: Columna, celda: str, archivo: str, linea: int, col: int, problemas: list[Problema]) -> None:
    """Una marca de dirección (U+200E) o un carácter invisible (U+200B) en un texto o un enlace: la misma
    advertencia que da el lector de YAML (`texto-escritura`); el valor se toma igual."""
    if c.tipo not in ("texto", "enlace"):
        return  # una cifra o una fecha con algo así no se lee: ya tiene su problema de tipo
    ajeno = primer_ajeno(celda)
    if ajeno is not None:
        problemas.append(problema(archivo, linea, col + ajeno[0], "texto-escritura",
                                  mensaje_ajeno(c.nombre, celda, *ajeno), SUGERENCIA_AJENO))


def _ilegible(c: Columna, celda: str, archivo: str, linea: int, col: int) -> Problema | None:
    """Lo que impide tomar una celda antes de ver su tipo: un largo imposible, un carácter de control o una
    marca de dirección, o (en un texto) un carácter que la letra del informe no tiene."""
    if len(celda) > CELDA_MAXIMA:
        return problema(archivo, linea, col, "tabla-celda-larga",
                        f"{c.nombre}: la celda tiene {len(celda):,} caracteres (máximo {CELDA_MAXIMA:,}).",
                        "Revise la fila: puede que unas comillas no cierren donde deben.")
    ajeno = _AJENO.search(celda)
    if ajeno:
        return problema(archivo, linea, col + ajeno.start(), "tabla-caracter",
                        f"{c.nombre}: la celda trae el carácter de control U+{ord(ajeno[0]):04X} "
                        f"en «{_corto(_AJENO.sub('·', celda))}».",
                        "Borre ese carácter (suele llegar al copiar de otro sistema) y guarde el archivo de nuevo.")
    sin_glifo = primer_sin_glifo(celda) if c.tipo == "texto" else None  # las cifras tienen su propio tipo
    if sin_glifo:
        return problema(archivo, linea, col + sin_glifo[0], "texto-sin-glifo",
                        mensaje_sin_glifo(c.nombre, sin_glifo[1]), SUGERENCIA_SIN_GLIFO)
    return None


class _Claves:
    """Las claves ya vistas en una tabla: una fila por clave, y una fila TOTAL por tabla (en llamadas, una
    por campaña: las columnas de la clave distinguen los totales)."""

    def __init__(self, esquema: Esquema, archivo: str, problemas: list[Problema]):
        self.esquema, self.archivo, self.problemas = esquema, archivo, problemas
        self.filas: dict[tuple, int] = {}  # clave → línea donde apareció
        self.totales: dict[tuple, int] = {}

    def admite(self, fila: FilaCsv) -> bool:
        """Si la fila entra en la tabla; si repite una clave, el problema lo dice con la línea de la primera."""
        clave = tuple(fila.valores.get(k) for k in self.esquema.clave)
        if fila.total:
            clave = clave or ("TOTAL",)
            if clave in self.totales:
                self._repetida(fila, self.esquema.totales, f"La tabla ya tiene su fila TOTAL (línea {self.totales[clave]}).",
                               "Deje una sola fila TOTAL, la que exporta el sistema.")
                return False
            self.totales[clave] = fila.linea
            return True
        if not clave:
            return True
        if None in clave:
            return False  # su problema ya se reportó (celda vacía o fuera del catálogo)
        if clave in self.filas:
            self._repetida(fila, self.esquema.clave[0], f"«{_corto(' · '.join(str(v) for v in clave))}» ya tiene una "
                                                        f"fila (línea {self.filas[clave]}).",
                           "Deje una sola fila por renglón de la tabla.")
            return False
        self.filas[clave] = fila.linea
        return True

    def _repetida(self, fila: FilaCsv, columna: str, mensaje: str, sugerencia: str) -> None:
        self.problemas.append(problema(self.archivo, fila.linea, fila.columnas[columna], "tabla-clave-repetida",
                                       mensaje, sugerencia))


def escribir(esquema: Esquema, filas: list[list[object]]) -> str:
    """El CSV de unas filas en el orden del esquema: lo que `leer` lee igual (para importar)."""
    import csv
    import io

    memoria = io.StringIO()
    w = csv.writer(memoria, lineterminator="\n")
    w.writerow(esquema.encabezado)
    for fila in filas:
        w.writerow(["" if v is None else v.isoformat() if isinstance(v, date) else v for v in fila])
    return memoria.getvalue()


@dataclass(frozen=True)
class Formato:
    """Lo que el informe necesita de un esquema para imprimir la tabla: encabezados, anchos y alineación."""
    encabezados: list[str]
    anchos: list[int]
    alinear: str
    celdas: list[list[str]] = field(default_factory=list)


def formatear(esquema: Esquema, filas: list[FilaCsv], cifra: Callable[[int], str],
              fecha: Callable[[date], str], decimal: Callable[[float], str]) -> Formato:
    """Las celdas como texto del informe: cifras con su separador, fechas en el formato del informe."""
    def uno(c: Columna, v: object) -> str:
        if v is None:
            return c.vacio
        if c.tipo == "entero":
            return cifra(v)  # type: ignore[arg-type]
        if c.tipo == "decimal":
            return decimal(v)  # type: ignore[arg-type]
        if c.tipo == "fecha":
            return fecha(v)  # type: ignore[arg-type]
        return str(v)

    return Formato([c.titulo or c.nombre for c in esquema.columnas], [c.ancho for c in esquema.columnas],
                   "".join("r" if c.tipo in ("entero", "decimal") else "l" for c in esquema.columnas),
                   [[uno(c, f.valores.get(c.nombre)) for c in esquema.columnas] for f in filas])
