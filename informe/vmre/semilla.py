"""Importa un corte VMRE del texto extraído del PDF de un *Informe de avances* (las tablas quedan como
líneas separadas por tabuladores) a las tablas CSV del formato.

El texto trae los defectos de la extracción: encabezados repetidos en cada página, filas partidas,
celdas vacías, y en la tabla por país filas con celdas corridas o de relleno. Nada se adivina: cada
fila que no cuadra se reporta con su línea y su razón, y de ella se conserva solo lo confiable (el
TOTAL del país) con sus celdas por entidad vacías. El informe dice lo que las tablas dicen.

    informe importar SEMILLA.txt --datos datos/vmre --periodo 2023-12
    (o, sin la carpeta de datos: python -m informe.vmre.semilla SEMILLA.txt CARPETA)
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from .. import entidades
from . import paises
from .esquemas import POR_TIPO


@dataclass
class Aviso:
    linea: int
    tabla: str
    fila: str
    razon: str


def _cifra(texto: str) -> int | None:
    # solo cifras ASCII y hasta 15: isdigit() acepta «²» y las de ancho completo (int() falla), y miles de
    # cifras no son una cifra de un informe (int() tiene un tope de 4300)
    texto = texto.strip().replace(",", "")
    return int(texto) if re.fullmatch(r"[0-9]{1,15}", texto) else None


def _bloque(lineas: list[str], inicio: int, fin_si) -> list[tuple[int, list[str]]]:
    salida = []
    for n in range(inicio, len(lineas)):
        linea = lineas[n]
        if fin_si(linea):
            break
        salida.append((n + 1, linea.split("\t")))
    return salida


def _por_entidad(lineas: list[str], desde: int, tabla: str, avisos: list[Aviso]) -> list[list]:
    """La tabla ENTIDAD | TOTAL | … que empieza en la línea `desde` (índice), hasta su fila TOTAL."""
    filas = []
    for n, celdas in _bloque(lineas, desde, lambda l: False):
        etiqueta = celdas[0].strip()
        if etiqueta.upper() == "TOTAL":
            filas.append(["TOTAL", *[_cifra(c) for c in celdas[1:11]], ""])
            break
        e = entidades.buscar(etiqueta) if etiqueta else None
        if e is None:
            continue  # encabezados repetidos, títulos de página, líneas vacías
        valores = [_cifra(c) for c in celdas[1:11]]
        edad = celdas[11].strip() if len(celdas) > 11 else ""
        if None in valores:
            avisos.append(Aviso(n, tabla, etiqueta, "celdas que no son cifras"))
        if etiqueta != e.corto and etiqueta.casefold() == e.corto.casefold():
            avisos.append(Aviso(n, tabla, etiqueta, f"nombre con otras mayúsculas; se escribe «{e.corto}»"))
        filas.append([e.corto, *valores, edad])
    return filas


def _paises(lineas: list[str], desde: int, avisos: list[Aviso]) -> list[list]:
    filas = []
    for n, celdas in _bloque(lineas, desde, lambda l: l.startswith("4.1.2.")):
        etiqueta = celdas[0].strip()
        fila = _fila_de_pais(n, etiqueta, celdas[1:], avisos) if etiqueta else None
        if fila is not None:
            filas.append(fila)
    return filas


def _fila_de_pais(n: int, etiqueta: str, celdas: list[str], avisos: list[Aviso]) -> list | None:
    """[país, TOTAL, 32 entidades]; si el desglose no es de 32 celdas que suman el TOTAL, se conserva el TOTAL
    y el desglose queda vacío (con su aviso). None: la fila no se importa."""
    pais = paises.buscar(etiqueta)
    if pais is None:
        avisos.append(Aviso(n, "paises", etiqueta, "no está en el catálogo de países; la fila no se importa"))
        return None
    valores = [c.strip() for c in celdas]
    while valores and valores[-1] == "":
        valores.pop()
    total = _cifra(valores[0]) if valores else None
    estados = [_cifra(v) for v in valores[1:]]
    if total is None:
        avisos.append(Aviso(n, "paises", etiqueta, "sin TOTAL; la fila no se importa"))
        return None
    if len(estados) == 32 and None not in estados and sum(estados) == total:
        return [pais, total, *estados]
    razon = (f"{len(estados)} celdas por entidad (deben ser 32): celdas corridas o de relleno"
             if len(estados) != 32 else f"las celdas suman {sum(e or 0 for e in estados)} y el TOTAL es {total}")
    avisos.append(Aviso(n, "paises", etiqueta, f"{razon}; se conserva el TOTAL ({total}) y el desglose por "
                                              "entidad queda vacío"))
    return [pais, total, *([None] * 32)]


def _simple(lineas: list[str], desde: int, columnas: int) -> list[list]:
    filas = []
    for _, celdas in _bloque(lineas, desde, lambda l: not l.strip()):
        etiqueta = celdas[0].strip()
        filas.append(["TOTAL" if etiqueta.upper() == "TOTAL" else etiqueta,
                      *[_cifra(c) for c in (celdas[1:columnas + 1] + [""] * columnas)[:columnas]]])
        if etiqueta.upper() == "TOTAL":
            break
    return filas


def importar(texto: str) -> tuple[dict[str, list[list]], list[Aviso]]:
    lineas = texto.split("\n")
    avisos: list[Aviso] = []
    inicio = [i for i, l in enumerate(lineas) if l.startswith("ENTIDAD\tTOTAL")]
    tablas: dict[str, list[list]] = {}
    # la primera tabla por entidad son las recibidas; la que sigue a «4.1.2.», las que cumplen requisitos
    analisis = next(i for i, l in enumerate(lineas) if l.startswith("4.1.2."))
    # sin ninguna tabla ENTIDAD/TOTAL, StopIteration como las demás que faltan (inicio[0] era un IndexError)
    tablas["recibidas"] = _por_entidad(lineas, next(iter(inicio)) + 2, "recibidas", avisos)
    tablas["procedentes"] = _por_entidad(lineas, next(i for i in inicio if i > analisis) + 2, "procedentes", avisos)
    tablas["paises"] = _paises(lineas, next(i for i, l in enumerate(lineas) if l.startswith("PAÍS\tTOTAL")) + 1, avisos)
    tablas["consultas"] = _simple(lineas, next(i for i, l in enumerate(lineas) if l.startswith("SERVICIO\tEUA")) + 1, 4)
    llamadas = []
    for i, l in enumerate(lineas):
        if l.startswith("LLAMADAS INETEL\tTOTAL"):
            campana = ("Operativo de llamadas de salida de subsane" if lineas[i - 1].startswith("SUBSANE")
                       else "Operativo de llamadas de salida para el registro")
            for fila in _simple(lineas, i + 1, 1):
                llamadas.append([campana, *fila])
    tablas["llamadas"] = llamadas
    return tablas, avisos


def csv_de(tipo: str, filas: list[list]) -> str:
    from ..mostrar import celda_segura
    from ..tablas_csv import escribir

    # una etiqueta copiada del PDF que empieza con «=» (=HYPERLINK(…)) es un dato: Excel no debe ejecutarla,
    # y al leer la tabla de vuelta su «'» la delata (no es una entidad ni un país del catálogo)
    return escribir(POR_TIPO[tipo].esquema, [[v if v is None else celda_segura(v) for v in fila] for fila in filas])


# Los topes del importador de anexos de seguridad: el texto de un Informe de avances completo pesa unos
# 90 KB y tiene unas 2 000 líneas.
MAXIMO_TEXTO = 8 * 1024 * 1024
MAXIMO_LINEAS = 20_000


def _texto_de(ruta: Path) -> str:
    """El texto de `ruta` (sin seguir enlaces, acotado) con sus líneas separadas por «\\n», sean cuales sean
    sus finales (CRLF, o CR solo: Excel para Mac); un tope de líneas que cuenta como las parte el lector."""
    from ..archivos import leer_texto_importado
    from ..errores import ErrorDeLectura

    texto = leer_texto_importado(ruta, MAXIMO_TEXTO, "el texto de un Informe de avances",
                                 ": se espera el texto extraído del PDF del informe.")
    texto = texto.replace("\r\n", "\n").replace("\r", "\n")
    if texto.count("\n") > MAXIMO_LINEAS:
        raise ErrorDeLectura(f"{ruta.name} tiene más de {MAXIMO_LINEAS:,} líneas: no parece el texto de un "
                             "Informe de avances; no se importa.")
    return texto


def importar_corte(ruta: Path, datos: Path, periodo: str, reemplazar: bool = False) -> tuple[list, list[str]]:
    """`informe importar` en una carpeta VMRE: las tablas del texto de `ruta` a `datos/periodo/*.csv`.

    Cada tabla pasa por `archivos.guardar_con_respaldo` (como `recibir` e `importar` de seguridad): una
    tabla existente con otro contenido solo se sustituye con `reemplazar`, y queda su respaldo; lo que se
    escribiría se vuelve a leer con el lector del formato antes de escribirlo.
    Devuelve [(archivo, Guardado, filas)] y los avisos de las filas que no cuadran, con su línea.
    """
    from ..archivos import candado, guardar_con_respaldo
    from ..errores import ErrorDeLectura
    from .lectura import leer_tabla

    texto = _texto_de(ruta)
    try:
        tablas, avisos = importar(texto)
    except StopIteration:  # falta un encabezado (ENTIDAD/TOTAL…) o la tabla que le sigue
        raise ErrorDeLectura(f"{ruta.name} no tiene las tablas de un Informe de avances del VMRE "
                             "(ENTIDAD/TOTAL, PAÍS/TOTAL, SERVICIO/EUA…).") from None

    def verificar(tipo: str, nombre: str):
        def releer(contenido: str) -> list:
            return [p for p in leer_tabla(contenido.encode("utf-8"), nombre, tipo).problemas if p.severidad == "error"]
        return releer

    resultados = []
    with candado(datos):
        for tipo, filas in tablas.items():
            destino = datos / periodo / POR_TIPO[tipo].esquema.archivo
            hecho = guardar_con_respaldo(destino, csv_de(tipo, filas), reemplazar, verificar(tipo, str(destino)))
            resultados.append((destino, hecho, len(filas)))
    return resultados, [f"{ruta.name}:{a.linea}: {a.tabla}, {a.fila}: {a.razon}" for a in avisos]


def main(argv: list[str] | None = None) -> int:
    from ..archivos import escribir_atomico

    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("uso: python -m informe.vmre.semilla SEMILLA.txt CARPETA", file=sys.stderr)
        return 2
    semilla, destino = Path(argv[0]), Path(argv[1])
    tablas, avisos = importar(semilla.read_text(encoding="utf-8"))
    destino.mkdir(parents=True, exist_ok=True)
    for tipo, filas in tablas.items():
        escribir_atomico(destino / POR_TIPO[tipo].esquema.archivo, csv_de(tipo, filas))
    for a in avisos:
        print(f"{semilla.name}:{a.linea}: {a.tabla}, {a.fila}: {a.razon}")
    print(f"{len(avisos)} filas con aviso; tablas escritas en {destino}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
