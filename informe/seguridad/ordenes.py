"""Las órdenes de la familia de seguridad: el ciclo mensual con las JLE (periodo nuevo, plantilla, recibir,
estado), la consulta de acuerdos y el esquema del archivo de una JLE; y sus opciones en las órdenes
genéricas (`diff --sin-avance/--todos`, `importar --tabla/--etiquetas`).

`informe.cli` las registra por medio de `Seguridad.ordenes`. Como las del núcleo, solo interpretan
opciones y llaman al paquete; este módulo se importa en cada arranque (también para `--help`): cada orden
importa lo suyo al correr.
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..cli_comun import (
    destino_comun_o_salir,
    OrdenConPeriodo, FormatoValidacion, OpcionDatos, OpcionPeriodo, ampliar, carpeta_de_datos_o_salir, consola,
    entidad_o_salir, entidades_o_salir, escribir_o_salir, existentes_o_salir, fallar, fallar_uso, familia_o_salir,
    formatos, fuera_de_datos, periodo_o_salir, preparado_o_salir,
)

NOMBRE = "seguridad"  # la familia, como la nombra el registro


def registrar(app: typer.Typer) -> None:
    """Las órdenes de la familia en `app`, en el orden en que las lista `informe --help`."""
    app.command(options_metavar="[OPCIONES]")(esquema)
    for orden in (plantilla, recibir, estado):
        app.command(options_metavar="[OPCIONES]", cls=OrdenConPeriodo)(orden)
    app.command(options_metavar="[OPCIONES]")(acuerdos)
    periodo_app = typer.Typer(help="Abre el periodo siguiente.", no_args_is_help=True,
                              options_metavar="[OPCIONES]", subcommand_metavar="ORDEN [ARGUMENTOS]...")
    periodo_app.command("nuevo", options_metavar="[OPCIONES]")(periodo_nuevo)
    app.add_typer(periodo_app, name="periodo")
    ampliar(app, "diff", NOMBRE)(opciones_de_diff)
    ampliar(app, "importar", NOMBRE)(opciones_de_importar)


# ---- opciones de la familia en las órdenes genéricas

def opciones_de_diff(
    sin_avance: Annotated[int, typer.Option("--sin-avance", metavar="N", help="«Sin avance»: N informes igual (3).",
                                            show_default=False)] = 3,
    todos: Annotated[bool, typer.Option("--todos", help="json y csv: también lo que sigue igual.")] = False,
) -> dict:
    if sin_avance < 1:
        fallar_uso(f"--sin-avance debe ser 1 o más (se dio {sin_avance})")
    return {"sin_avance": sin_avance, "todos": todos}


TablaAnexo = formatos("TablaAnexo", "acuerdos", "medidas")
Etiquetas = formatos("Etiquetas", "arriba", "centro")


def opciones_de_importar(
    tabla: Annotated[TablaAnexo, typer.Option("--tabla", case_sensitive=False, metavar="TABLA",
                                              help="acuerdos (por omisión) o medidas.", show_default=False)]
    = TablaAnexo.acuerdos,
    etiquetas: Annotated[Etiquetas, typer.Option("--etiquetas", case_sensitive=False, metavar="DÓNDE",
                                                 help="Entidad arriba (omisión) o al centro.", show_default=False)]
    = Etiquetas.arriba,
) -> dict:
    return {"tabla": tabla.value, "etiquetas": etiquetas.value}


# ---- órdenes de la familia

def esquema() -> None:
    """Imprime el JSON Schema del archivo de una JLE (para el editor)."""
    from ..mostrar import escribir_json
    from .esquema import esquema_jle

    escribir_json(esquema_jle(), sys.stdout)


def plantilla(
    periodo: OpcionPeriodo,
    entidad: Annotated[Optional[str], typer.Option("--entidad", "-e", help="Entidad de la JLE.", show_default=False)] = None,
    todas: Annotated[bool, typer.Option("--todas", help="Una carpeta para cada una de las 32 JLE.")] = False,
    datos: OpcionDatos = Path("datos"),
    salida: Annotated[Path, typer.Option("--salida", "-o", help="Carpeta (salida/plantillas).",
                                         show_default=False)] = Path("salida/plantillas"),
) -> None:
    """Escribe el formulario de cada JLE, con sus acuerdos abiertos."""
    from ..entidades import ENTIDADES
    from .almacen import periodo_de
    from .formulario import escribir_plantillas

    familia_o_salir(datos, NOMBRE)

    if todas == (entidad is not None):
        fallar_uso("indique --entidad X o --todas (una de las dos)")
    if salida.exists() and not salida.is_dir():
        fallar_uso(f"--salida {salida} es un archivo, no una carpeta; indique la carpeta de las plantillas")
    fuera_de_datos(salida, datos)
    pid = periodo_o_salir(datos, periodo)
    registro = periodo_de(datos, pid)
    if registro is None:
        fallar_uso(f"el periodo {pid} no tiene un periodo.yaml válido. Revíselo con:",
                   f"informe validar {shlex.quote(str(datos / pid))}")
    entidades = [e.abreviatura for e in ENTIDADES] if todas else [entidad_o_salir(entidad)]
    escritos = escribir_plantillas(datos, registro, entidades, salida, por_carpeta=todas)
    _listar_plantillas(escritos, salida, todas)
    from ..mostrar import imprimir_orden
    from .tablas import opcion_datos

    envio = "a cada JLE su carpeta" if todas else "a la JLE estos archivos juntos"
    imprimir_orden(consola(), f"Siguiente paso: envíe {envio}; las respuestas se reciben con:",
                   f"informe recibir CARPETA --periodo {pid}{opcion_datos(datos)}")


def _listar_plantillas(escritos: list[Path], salida: Path, todas: bool) -> None:
    from ..almacen import nombre_visible

    if todas:  # 96 archivos no se listan: se dice dónde quedaron y qué sigue
        carpetas = sorted({p.parent.name for p in escritos})
        consola().print(f"{len(carpetas)} carpetas escritas en {nombre_visible(salida)}/, una por JLE "
                        f"({carpetas[0]}/ … {carpetas[-1]}/), cada una con el formulario web, la plantilla, las "
                        "instrucciones y el esquema.", markup=False)
    else:
        for destino in escritos:
            consola().print(f"Escrito: {nombre_visible(destino)}", markup=False)


def recibir(
    archivos: Annotated[list[Path], typer.Argument(help="Archivos o carpetas de las JLE.", show_default=False,
                                                   metavar="ARCHIVO")],
    periodo: OpcionPeriodo,
    datos: OpcionDatos = Path("datos"),
    formato: Annotated[FormatoValidacion, typer.Option("--formato", "-f", case_sensitive=False, metavar="FORMATO",
                                                       help="texto (por omisión) o json.", show_default=False)]
    = FormatoValidacion.texto,
    reemplazar: Annotated[bool, typer.Option("--reemplazar", help="Acepta un reenvío que quita datos.")] = False,
) -> None:
    """Recibe los archivos de las JLE y escribe sus acuses.

    Lo que no tiene errores se guarda en datos/PERIODO/jle/; lo rechazado, en datos/PERIODO/rechazados/; los
    acuses, en datos/PERIODO/acuses/. Un reenvío que quita datos espera --reemplazar.
    """
    from ..archivos import CarpetaOcupada
    from ..mostrar import escribir_json
    from .recibir import recibir as recibir_archivos
    from .tablas import recepciones_texto

    familia_o_salir(datos, NOMBRE)
    existentes_o_salir(archivos)
    archivos = _recibidos(archivos)
    if not archivos:
        fallar_uso("las carpetas indicadas no tienen archivos")
    pid = periodo_o_salir(datos, periodo)
    try:
        recepciones = recibir_archivos(archivos, datos, pid, reemplazar)
    except CarpetaOcupada as e:
        fallar(str(e))
    if formato is FormatoValidacion.json:
        escribir_json({"periodo": pid, "archivos": [r.como_dict() for r in recepciones]}, sys.stdout)
    else:
        recepciones_texto(recepciones, consola(), pid, datos)
    if any(r.estado in ("con errores", "rechazado") for r in recepciones):
        raise typer.Exit(1)


def _recibidos(archivos: list[Path]) -> list[Path]:
    """Cada archivo nombrado y, de cada carpeta (los adjuntos de un correo), todos sus archivos: también el
    .docx que llegó en lugar del YAML, para decirle a la JLE qué pasó en vez de ignorarlo, y los ocultos. Un enlace, una
    FIFO o un dispositivo también se «recibe»: no se sigue ni se abre, y su acuse dice por qué (nada llega
    y desaparece)."""
    from ..validar import recorrer

    sueltos = {a.parent.resolve() / a.name: a for a in archivos if not a.is_dir() or a.is_symlink()}
    # los ocultos también (`.DS_Store`, `.~lock…#`): `recibir` los lista como «no es envío», no los calla
    de_carpetas = (p for a in archivos if a.is_dir() and not a.is_symlink() for p in recorrer(a))
    return sorted(sueltos.values(), key=str) + sorted(de_carpetas, key=str)


def estado(
    periodo: OpcionPeriodo,
    datos: OpcionDatos = Path("datos"),
    todas: Annotated[bool, typer.Option("--todas", help="Las 32 JLE, con sus cifras.")] = False,
) -> None:
    """Qué JLE entregaron, cuáles faltan y cuáles se rechazaron.

    Sale con 1 mientras falte alguna, haya rechazos sin corregir o reenvíos por confirmar.
    """
    from .acuses import rechazos
    from .almacen import periodo_de
    from .recibir import estado as estado_jle
    from .tablas import estado_rich

    familia_o_salir(datos, NOMBRE)
    pid = periodo_o_salir(datos, periodo)
    filas = estado_jle(datos, pid)
    anexos = getattr(periodo_de(datos, pid), "origen", "jle") == "anexos"
    sin_entidad = sum(r.abreviatura is None for r in rechazos(datos, pid))
    conteo = estado_rich(filas, pid, datos, consola(), todas, sin_entidad,
                         "no mencionadas en los anexos" if anexos else "faltan")
    if anexos:
        # nadie va a entregar: las que «faltan» son las entidades que los anexos no mencionan
        consola().print("Periodo reconstruido de los anexos de un informe publicado (origen: anexos): no se espera "
                        "entrega de las JLE; «falta» es una entidad que los anexos no mencionan.", markup=False)
        conteo["falta"] = 0
    # también un reenvío pendiente de confirmación o un rechazo posterior a lo guardado piden algo
    if conteo["falta"] or conteo["con errores"] or conteo["rechazado"] or any(f.ultimo for f in filas):
        raise typer.Exit(1)


FormatoAcuerdos = formatos("FormatoAcuerdos", "texto", "csv", "json", "xlsx")


def acuerdos(
    periodo: Annotated[Optional[str], typer.Option("--periodo", "-p", help="Corte (por omisión: el último).",
                                                   show_default=False)] = None,
    entidad: Annotated[Optional[list[str]], typer.Option("--entidad", "-e", help="Solo estas entidades (repetible).",
                                                         show_default=False)] = None,
    estatus: Annotated[Optional[list[str]], typer.Option(
        "--estatus", "-s", help="Un estatus o «pendientes»; repetible.", show_default=False)] = None,
    buscar: Annotated[Optional[str], typer.Option("--buscar", "-b", help="Texto del acuerdo o su id.",
                                                  show_default=False)] = None,
    formato: Annotated[Optional[FormatoAcuerdos], typer.Option(
        "--formato", "-f", case_sensitive=False, metavar="FORMATO",
        help="texto, csv, json o xlsx (por omisión: el de la extensión de --salida, o texto).",
        show_default=False)] = None,
    salida: Annotated[Optional[Path], typer.Option("--salida", "-o", help="Archivo (obligatorio con xlsx).",
                                                   show_default=False)] = None,
    datos: OpcionDatos = Path("datos"),
) -> None:
    """Busca acuerdos por entidad, estatus o texto, con su historia.

    Ejemplo: informe acuerdos --entidad Guerrero --estatus pendientes
    """
    from ..almacen import ids_de_periodo
    from .almacen import cargar_datos
    from .almacen import catalogos_de
    from .consulta import acuerdos as todos, filtrar

    carpeta_de_datos_o_salir(datos)
    familia_o_salir(datos, NOMBRE)
    entidades = entidades_o_salir(entidad)
    catalogos = catalogos_de(datos)  # con los estatus que agregue el proceso
    buscados = _estatus_o_salir(estatus or [], catalogos)
    formato = formato or _formato_de(salida)
    _salida_de_acuerdos_o_salir(formato, salida, datos)
    pid = periodo_o_salir(datos, periodo or (ids_de_periodo(datos) or ["?"])[-1])
    preparado_o_salir(datos, pid)  # valida: con errores en los datos no se lista nada
    # la historia de estatus de cada acuerdo no está en el índice (guarda el estado al corte): se lee toda
    filas = filtrar(todos(cargar_datos(datos, hasta=pid).periodos.values(), pid), entidades, buscados, buscar)
    if formato is FormatoAcuerdos.texto and salida is None:
        from .tablas import acuerdos_rich

        acuerdos_rich(filas, pid, consola(), catalogos)
        return
    from ..terminal import es_utf8

    # a una salida estándar que no es UTF-8 (PYTHONIOENCODING=ascii), el JSON va con \u00f3: no pierde letras
    contenido = _acuerdos_en(formato, filas, pid, catalogos, ascii_=salida is None and not es_utf8(sys.stdout))
    if salida is None:
        sys.stdout.write(contenido)
        return
    escribir_o_salir(salida, contenido)
    consola(error=True).print(f"Escrito: {salida} ({len(filas)} acuerdos)", markup=False)


def _formato_de(salida: Path | None):
    """Sin --formato, el de la extensión del archivo de --salida: `--salida acuerdos.xlsx` escribe un libro de
    Excel, no texto con ese nombre."""
    extension = salida.suffix.lower().lstrip(".") if salida is not None else ""
    return FormatoAcuerdos[extension] if extension in ("csv", "json", "xlsx") else FormatoAcuerdos.texto


def _estatus_o_salir(nombres: list[str], catalogos) -> list[str]:
    """Los estatus que nombra el usuario («pendientes» son varios); uno desconocido es error de uso."""
    from .consulta import estatus_buscados, opciones_de_estatus

    buscados: list[str] = []
    for s in nombres:
        encontrados = estatus_buscados(s, catalogos)
        if encontrados is None:
            fallar_uso(f"estatus desconocido: {s} (use {opciones_de_estatus(catalogos)})")
        buscados += encontrados
    return buscados


def _salida_de_acuerdos_o_salir(formato, salida: Path | None, datos: Path) -> None:
    if formato is FormatoAcuerdos.xlsx and salida is None:
        fallar_uso("--formato xlsx escribe un archivo: indique --salida ARCHIVO.xlsx")
    if salida is not None and salida.is_dir():
        fallar_uso(f"--salida {salida} es una carpeta; indique un archivo")
    if salida is not None:
        fuera_de_datos(salida, datos)
        destino_comun_o_salir(salida)  # un enlace o un dispositivo se rechaza antes de leer los datos


def _acuerdos_en(formato, filas, pid: str, catalogos, ascii_: bool = False) -> str | bytes:
    """La consulta exportada: xlsx, csv, json o el texto de la terminal a 80 columnas (para un archivo)."""
    from .consulta import csv_texto, xlsx_bytes

    if formato is FormatoAcuerdos.xlsx:
        return xlsx_bytes(filas, f"Acuerdos al corte de {pid}")
    if formato is FormatoAcuerdos.csv:
        return csv_texto(filas)
    if formato is FormatoAcuerdos.json:
        import json

        return json.dumps({"periodo": pid, "acuerdos": [f.como_dict() for f in filas]}, ensure_ascii=ascii_,
                          indent=2) + "\n"
    import io

    from rich.console import Console

    from .tablas import acuerdos_rich

    memoria = io.StringIO()
    acuerdos_rich(filas, pid, Console(file=memoria, width=80, color_system=None, highlight=False, markup=False), catalogos)
    return memoria.getvalue()


def periodo_nuevo(
    fin: Annotated[str | None, typer.Option("--fin", help="Corte (un mes después del anterior).",
                                            metavar="AAAA-MM-DD", show_default=False)] = None,
    datos: OpcionDatos = Path("datos"),
) -> None:
    """Escribe el periodo.yaml del informe siguiente al último.

    Número + 1, inicio el día después del corte anterior. No abre nada después de un informe marcado como el
    último de su serie.
    """
    from ..archivos import CarpetaOcupada
    from ..lengua import ordinal
    from ..renderizar import rango_fechas
    from .periodos import NoSePuedeAbrir, abrir

    carpeta_de_datos_o_salir(datos)
    familia_o_salir(datos, NOMBRE)
    corte = _fecha_o_salir(fin) if fin is not None else None
    try:
        nuevo = abrir(datos, corte)
    except (NoSePuedeAbrir, CarpetaOcupada) as e:
        fallar(str(e), e.orden)
    pantalla = consola()
    pantalla.print(f"Periodo {nuevo.id}: {ordinal(nuevo.numero).lower()} informe, "
                   f"{rango_fechas(nuevo.inicio, nuevo.fin)}.", markup=False)
    pantalla.print(f"Escrito: {nuevo.ruta}", markup=False)
    pantalla.print(f"Escrito: {nuevo.ruta.parent / 'federal.yaml'} (parte federal de la DEOE, por llenar)", markup=False)
    from ..mostrar import imprimir_orden
    from .tablas import opcion_datos

    imprimir_orden(pantalla, "Siguiente paso:", f"informe plantilla --periodo {nuevo.id} --todas{opcion_datos(datos)}")


def _fecha_o_salir(fin: str):
    from datetime import date

    try:
        corte = date.fromisoformat(fin) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fin) else None
    except ValueError:
        corte = None
    if corte is None:
        fallar_uso(f"--fin debe ser una fecha AAAA-MM-DD que exista: {fin}")
    return corte


# ---- lo que la familia muestra en las órdenes genéricas

def mostrar_importacion(resultado, titulo: str, pantalla) -> bool:
    """Lo que escribió `importar` por entidad; True si algo no se importó."""
    from ..mostrar import problemas_texto, ya_existen
    from .tablas import importacion_rich

    resultados, avisos = resultado
    importacion_rich(resultados, avisos, titulo, pantalla)
    invalidos = [r for r in resultados if r.accion == "con errores"]
    if invalidos:
        problemas_texto([p for r in invalidos for p in r.problemas], pantalla)
        pantalla.print(f"{len(invalidos)} archivos no se escribieron: no pasarían `informe validar`.", markup=False)
    rechazados = [r for r in resultados if r.accion == "rechazado"]
    if rechazados:
        pantalla.print(ya_existen(len(rechazados)), markup=False)
    if invalidos or rechazados:
        return True
    if resultados and all(r.accion == "sin cambios" for r in resultados):
        pantalla.print("Sin cambios: los archivos ya tenían exactamente este contenido.", markup=False)
    return False


def describir_faltantes(faltantes: list[tuple[str, str]], pid: str, datos: Path) -> tuple[str, str]:
    """Qué JLE no entregaron (o se rechazaron) y si falta la parte federal; se detalla con `informe estado`."""
    from ..mostrar import entero
    from .informe import FEDERAL

    federal = [e for n, e in faltantes if n == FEDERAL]
    faltantes = [(n, e) for n, e in faltantes if n != FEDERAL]
    sin_envio = [entero(n) for n, e in faltantes if e == "falta"]
    rechazadas = [entero(n) for n, e in faltantes if e == "rechazado"]
    partes = ([f"sin entrega: {', '.join(sin_envio)}"] if sin_envio else []) + \
             ([f"con el envío rechazado: {', '.join(rechazadas)}"] if rechazadas else [])
    detalles = [f"{len(faltantes)} de las 32 JLE no tienen informe en {pid} ({'; '.join(partes)})."] if faltantes else []
    if federal:
        detalles.append(f"Falta la parte federal de la DEOE ({datos / pid / 'federal.yaml'}"
                        + (": sigue con «pendiente: true»)." if federal[0] == "pendiente" else ": no existe)."))
    from .tablas import opcion_datos

    return " ".join(detalles), f"informe estado --periodo {pid}{opcion_datos(datos)}"
