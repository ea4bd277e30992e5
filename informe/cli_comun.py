"""Lo que comparten las órdenes del núcleo (`cli.py`) y las de cada familia (`<familia>/ordenes.py`).

Una orden solo interpreta opciones y llama al paquete: aquí están sus piezas comunes (las opciones
--datos y --periodo, los errores con su código de salida, la familia, el periodo o la entidad que
nombra el usuario) y el mecanismo con que una familia agrega opciones propias a una orden genérica
(`ampliar`). Nada de aquí importa una familia ni una biblioteca pesada: `--help` no paga por ellas.
"""

from __future__ import annotations

from . import _es  # noqa: F401  (debe ir antes que typer: traduce sus textos)

from enum import Enum
from pathlib import Path
from typing import Annotated, Callable

import typer
from typer.core import TyperCommand

SALIDA_USO = 2

def descubrir_datos() -> Path:
    """La carpeta de datos sin --datos: la de INFORME_DATOS; si no, como git busca su repositorio, desde el
    directorio de trabajo hacia arriba, la primera que es una carpeta de datos (tiene proceso.yaml) o tiene
    una `datos/` que lo es; si no, `datos` (y el error de siempre si no existe). Relativa al directorio de
    trabajo, para que las órdenes sugeridas sean cortas."""
    import os

    variable = os.environ.get("INFORME_DATOS", "").strip()
    if variable:
        return Path(variable)
    try:
        actual = Path.cwd()
    except OSError:  # el directorio de trabajo ya no existe
        return Path("datos")
    for carpeta in [actual, *actual.parents]:
        for candidata in (carpeta / "datos", carpeta):
            if (candidata / "proceso.yaml").is_file():
                relativa = Path(os.path.relpath(candidata, actual))
                return relativa if str(relativa) != "." or candidata == actual else Path("datos")
    return Path("datos")


def opcion_datos(datos) -> str:
    """« --datos X» para repetir en la orden que se sugiere, si sin ella la orden no llegaría a esa carpeta
    (no es la que se toma por omisión: `datos`, INFORME_DATOS o la que contiene al directorio de trabajo)."""
    from .mostrar import visible

    if datos is None or str(datos) == "datos" or Path(datos) == descubrir_datos():
        return ""
    import shlex

    # entre comillas si hace falta («otra carpeta»): la orden se pega tal cual en la terminal
    return f" --datos {shlex.quote(visible(datos))}"


def _por_omision(ctx: typer.Context, nombre: str) -> bool:
    # por el nombre: typer trae su propia copia de click, con su propio ParameterSource
    fuente = ctx.get_parameter_source(nombre)
    return fuente is None or fuente.name in ("DEFAULT", "DEFAULT_MAP")


def _datos_por_omision(ctx: typer.Context, param: typer.CallbackParam, valor: Path) -> Path:
    if ctx.resilient_parsing or not _por_omision(ctx, param.name):
        return valor
    return descubrir_datos()


# typer reconoce el contexto y el parámetro por su anotación, y con `from __future__ import annotations` las
# anotaciones son cadenas: se le dan las clases
_datos_por_omision.__annotations__ = {"ctx": typer.Context, "param": typer.CallbackParam, "valor": Path,
                                      "return": Path}


def datos_explicitos(ctx: typer.Context) -> bool:
    """Si el usuario dio --datos (o INFORME_DATOS): entonces manda sobre la carpeta de un archivo."""
    import os

    return not _por_omision(ctx, "datos") or bool(os.environ.get("INFORME_DATOS", "").strip())


OpcionDatos = Annotated[Path, typer.Option("--datos", "-d", help="Carpeta de datos (datos, INFORME_DATOS o la que "
                                           "contiene al directorio de trabajo).", show_default=False,
                                           callback=_datos_por_omision)]
OpcionPeriodo = Annotated[str, typer.Option("--periodo", "-p", help="AAAA-MM, «mayo 2024» o número.",
                                            show_default=False)]


def formatos(nombre: str, *valores: str) -> type[Enum]:
    """Los valores de un --formato (typer los ofrece como opciones cerradas): `formatos("FormatoDiff",
    "texto", "md")` es un Enum de cadenas cuyos miembros se llaman como su valor."""
    return Enum(nombre, [(v, v) for v in valores], type=str)


FormatoValidacion = formatos("FormatoValidacion", "texto", "json")


class OrdenConPeriodo(TyperCommand):
    """La clase de las órdenes que piden --periodo: «informe estado 2024-07» (el periodo sin la opción) dice
    cómo se escribe, en lugar de «falta la opción --periodo»."""

    def parse_args(self, ctx, args):
        try:
            from typer._click import exceptions
        except ImportError:  # typer sin click incrustado
            from click import exceptions

        originales = list(args)  # el analizador de click consume la lista
        try:
            return super().parse_args(ctx, args)
        except exceptions.MissingParameter as e:
            sueltos = [a for a in originales if not a.startswith("-") and _es.PARECE_PERIODO.match(a)]
            if getattr(e.param, "name", None) == "periodo" and sueltos:
                raise exceptions.UsageError(f"el periodo se indica con la opción --periodo: informe "
                                            f"{ctx.info_name} --periodo {sueltos[-1]}", ctx=ctx) from None
            raise



# ---- mensajes y salidas

def consola(error: bool = False):
    from .mostrar import consola as _consola_de_mostrar

    return _consola_de_mostrar(error)


def fallar(mensaje: str, orden: str = "") -> None:
    """Un problema de los datos o del entorno (no de cómo se escribió la orden): código 1."""
    _error(mensaje, 1, orden)


def fallar_uso(mensaje: str, orden: str = "") -> None:
    """La orden está mal escrita o nombra algo que no existe: código 2."""
    _error(mensaje, SALIDA_USO, orden)


def _error(mensaje: str, codigo: int, orden: str = "") -> None:
    from rich.text import Text

    from .mostrar import visible

    # una ruta con ESC («no existe: a\x1b[31m…») es texto: nunca una secuencia para la terminal
    if orden:
        from .mostrar import imprimir_orden

        imprimir_orden(consola(error=True), "Error: " + visible(mensaje), visible(orden), "bold red")
    else:
        consola(error=True).print(Text("Error: " + visible(mensaje), style="bold red"))
    raise typer.Exit(codigo)


def fuera_de_datos(salida: Path, datos: Path, opcion: str = "--salida") -> None:
    """Lo que una orden escribe nunca va dentro de la carpeta de datos: ahí un informe, un JSON o una
    plantilla pisarían el archivo de una JLE (`acuerdos --salida datos/…/jle/colima.yaml`) o se leerían
    como datos en la próxima validación."""
    try:
        dentro = salida.resolve().is_relative_to(datos.resolve())
    except (OSError, RuntimeError):
        dentro = False
    if dentro and datos.is_dir():
        fallar_uso(f"{opcion} {salida} está dentro de la carpeta de datos {datos}: ahí solo van los datos. "
                   "Escriba la salida en otra carpeta (por ejemplo salida/).")


def carpeta_de_datos_o_salir(datos: Path) -> None:
    if not datos.is_dir():
        fallar_uso(f"no existe la carpeta de datos {datos}")


def existentes_o_salir(rutas: list[Path]) -> None:
    """Las rutas que nombra el usuario existen (un enlace roto existe: se reporta o se recibe como tal)."""
    faltan = [str(r) for r in rutas if not r.exists() and not r.is_symlink()]
    if faltan:
        fallar_uso(f"no existe: {', '.join(faltan)}")


def salir_si_hay_errores(problemas, accion: str, datos: Path | None = None) -> None:
    """Los datos con errores no se usan: se listan como en `informe validar` y se sale con 1."""
    from .mostrar import imprimir_orden, problemas_texto

    errores = [p for p in problemas if p.severidad == "error"]
    if errores:
        salida = consola(error=True)
        problemas_texto(errores, salida)
        from .lengua import plural

        # la orden en su renglón, entera, para pegarla después de corregir (no dentro de la oración)
        imprimir_orden(salida, f"Los datos tienen {len(errores)} {plural(len(errores), 'error', 'errores')}: "
                               f"corríjalos antes de {accion}. Para revisarlos:",
                       f"informe validar{opcion_datos(datos)}")
        raise typer.Exit(1)


# ---- lo que nombra el usuario

def periodo_o_salir(datos: Path, periodo: str) -> str:
    """El id AAAA-MM del periodo (acepta el número del informe); si no existe, error de uso (salida 2)."""
    from .errores import ErrorDeUso
    from .familias import de_carpeta

    try:
        return de_carpeta(datos).resolver_periodo(datos, periodo)
    except ErrorDeUso as e:
        fallar_uso(str(e), e.orden)


def familia_o_salir(datos: Path, esperada: str | None = None, debe_existir: bool = True):
    """La familia de la carpeta de datos; con `esperada`, una orden que solo tiene sentido para esa familia.
    Una carpeta que no existe se nombra como tal (no «no hay periodos»), salvo para quien la crea (importar)."""
    from .errores import ErrorDeUso
    from .familias import de_carpeta

    if debe_existir:
        carpeta_de_datos_o_salir(datos)
    try:
        familia = de_carpeta(datos)
    except ErrorDeUso as e:
        fallar_uso(f"{datos / 'proceso.yaml'}: {e}")
    if esperada is not None and familia.nombre != esperada:
        fallar_uso(f"esta orden es de la familia «{esperada}» y {datos} es de la familia «{familia.nombre}» "
                   f"({familia.descripcion})")
    return familia


def preparado_o_salir(datos: Path, periodo: str):
    """Valida hasta el periodo y lo agrega con las reglas de su familia; errores de datos: salida 1."""
    from .errores import ErrorDeUso
    from .validar import validar_hasta

    carpeta_de_datos_o_salir(datos)
    familia = familia_o_salir(datos)
    pid = periodo_o_salir(datos, periodo)
    try:
        problemas, cargas = validar_hasta(datos, pid, familia)
        salir_si_hay_errores(problemas, "continuar", datos)
        return familia, familia.preparar(datos, pid, cargas)
    except ErrorDeUso as e:
        fallar_uso(str(e), e.orden)


def entidades_o_salir(nombres: list[str] | None) -> list[str]:
    """Abreviaturas de las entidades que nombra el usuario (--entidad, repetible); una desconocida es error de uso."""
    return [entidad_o_salir(e) for e in nombres or []]


def entidad_o_salir(texto: str) -> str:
    """La abreviatura de la entidad que nombra el usuario. «México» a secas se pregunta: en los archivos
    es el nombre oficial del Estado de México, pero quien escribe una orden puede querer la capital."""
    from .entidades import buscar, parecida as entidad_parecida
    from .lengua import normalizar

    if normalizar(texto) in ("mexico", "mex"):
        fallar_uso(f"«{texto}» puede ser Ciudad de México o Estado de México: ¿cuál de las dos? Escriba "
                   "--entidad CDMX o --entidad Edomex.")
    encontrada = buscar(texto)
    if encontrada is None:
        parecida = entidad_parecida(texto)
        fallar_uso(f"entidad desconocida: {texto}" + (f" (¿quiso decir {parecida}?)" if parecida else ""))
    return encontrada.abreviatura


def escribir_o_salir(salida: Path, contenido: str | bytes) -> None:
    """Escribe (atómico) lo que una orden exporta; un disco lleno o sin permiso es un mensaje, no un traceback."""
    from .archivos import escribir_atomico

    destino_comun_o_salir(salida)
    try:
        escribir_atomico(salida, contenido)
    except OSError as e:
        from .errores import mensaje_de_oserror

        fallar(mensaje_de_oserror(e, salida))


def destino_comun_o_salir(salida: Path) -> None:
    """`salida` no existe o es un archivo común: ni un enlace ni un dispositivo (el reemplazo atómico los
    sustituiría). Se mira antes de trabajar y otra vez al escribir."""
    import os
    import stat

    try:
        modo = os.lstat(salida).st_mode
    except OSError:
        modo = None
    if modo is not None and stat.S_ISLNK(modo):
        # el reemplazo atómico sustituye el enlace mismo por un archivo (y `/dev/stdout` es un enlace: como
        # root, el siguiente paso habría sido reemplazar el nodo de la terminal)
        fallar_uso(f"{salida} es un enlace simbólico: no se sustituye. Indique un archivo común; para la "
                   "salida estándar, omita --salida")
    if modo is not None and not stat.S_ISREG(modo):
        # el reemplazo atómico cambia el nodo: con `--salida /dev/null` (como root) /dev/null quedaba
        # convertido en un archivo con los acuerdos, y una tubería en otro archivo
        fallar_uso(f"{salida} no es un archivo común (es una tubería o un dispositivo): indique un archivo")


# ---- opciones de una familia en una orden genérica

def ampliar(app: typer.Typer, orden: str, familia: str) -> Callable[[Callable[..., dict]], Callable[..., dict]]:
    """Decorador con que una familia agrega opciones suyas a una orden genérica del núcleo (`diff`, `importar`).

    La función decorada declara las opciones como cualquier orden de typer (parámetros anotados con
    `typer.Option`) y devuelve, a partir de sus valores, los argumentos con nombre que la familia recibe
    (`Familia.comparar(**opciones)`); puede rechazar un valor con `fallar_uso`. Las opciones aparecen en la
    ayuda de la orden, después de las genéricas, en un recuadro con el nombre de la familia. La orden genérica las pide con `opciones_de(ctx, familia)`
    cuando ya sabe la familia de la carpeta de datos; una opción de otra familia escrita por el usuario es
    un error de uso (no se ignora en silencio).
    """
    def registrar(funcion: Callable[..., dict]) -> Callable[..., dict]:
        info = next((i for i in app.registered_commands
                     if orden in (i.name, getattr(i.callback, "__name__", None))), None)
        if info is None:
            raise LookupError(f"no hay una orden genérica «{orden}» que ampliar")
        info.cls = _con_opciones(info.cls or TyperCommand, familia, funcion)
        return funcion

    return registrar


def _con_opciones(base: type, familia: str, funcion: Callable[..., dict]) -> type:
    from typer.main import get_params_convertors_ctx_param_name_from_function

    class OrdenAmpliada(base):
        def __init__(self, *args, params, **kwargs):
            propias, convertir, _ = get_params_convertors_ctx_param_name_from_function(funcion)
            repetidas = {p.name for p in params} & {p.name for p in propias}
            if repetidas:  # un error de quien escribió la familia, no del usuario
                raise ValueError(f"la familia {familia} repite opciones de «{kwargs.get('name')}»: {repetidas}")
            for p in propias:  # en la ayuda, aparte: quien tiene datos de otra familia sabe que no son suyas
                p.rich_help_panel = p.rich_help_panel or f"Opciones de la familia {familia}"
            super().__init__(*args, params=[*params, *propias], **kwargs)
            self.__dict__.setdefault("ampliaciones", {})[familia] = ({p.name: p for p in propias}, convertir)

        def invoke(self, ctx):
            propias, convertir = self.ampliaciones[familia]
            valores = {n: ctx.params.pop(n) for n in list(ctx.params) if n in propias}
            valores = {n: convertir[n](v) if n in convertir else v for n, v in valores.items()}
            ctx.meta.setdefault("opciones de familia", {})[familia] = (funcion, valores, propias)
            return super().invoke(ctx)

    return OrdenAmpliada


def opciones_de(ctx: typer.Context, familia: str) -> dict:
    """Los argumentos para la familia `familia` de lo que el usuario escribió en sus opciones propias."""
    resultado: dict = {}
    for nombre, (funcion, valores, propias) in ctx.meta.get("opciones de familia", {}).items():
        if nombre == familia:
            resultado = funcion(**valores)
            continue
        for clave, parametro in propias.items():
            fuente = ctx.get_parameter_source(clave)
            if fuente is not None and fuente.name in ("COMMANDLINE", "ENVIRONMENT"):
                fallar_uso(f"{parametro.opts[0]} es una opción de la familia «{nombre}» y los datos son de la "
                           f"familia «{familia}»: quítela de la orden.")
    return resultado
