"""Las reglas de validación como unidades, registradas como las de yamllint (`_RULES`).

Una regla es una función `revisar(contexto) -> problemas` con un identificador, los códigos que emite y
un docstring que la explica (docs/validacion.md se escribe de ellos: `python -m informe.doc_validacion`).
El núcleo tiene sus reglas (los textos del analista, las severidades del proceso) y cada familia las
suyas, en su propio `Registro`, que declara como la parte «reglas» (`familias.PARTES`); `revisar` las
corre en el orden en que se registraron, primero las del núcleo.

La severidad de cada código es la de su registro (`problemas.CODIGOS`); un proceso la puede cambiar en
su `proceso.yaml` (`severidades: {código: error | advertencia}`). Siempre se puede subir a error; bajar
a advertencia, solo un código que emite una regla y que ninguna regla fija, porque la lectura descarta lo
que no entiende (el dato se perdería) y lo que una regla fija no se puede componer o se contaría mal.
"""

from __future__ import annotations

import dataclasses
import inspect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .problemas import ADVERTENCIA, CODIGOS, ERROR, GRUPOS, NUCLEO, TABLAS, Problema, problema

SEVERIDADES = (ERROR, ADVERTENCIA)


@dataclass
class Revision:
    """Lo que lee una regla (la revisión de unos archivos; no es el `familias.Contexto` de las plantillas).
    Una familia puede extenderla (sus reglas comparten lo que se calcula una
    vez, como la historia de los acuerdos) y declararla en su `Registro`."""
    archivos: list[Path]
    cargas: list  # cargar.Carga de cada archivo, en el orden de `archivos`
    datos: Path | None
    familia: object  # familias.Familia
    lectura: object = None  # el contexto con que se leyeron los archivos (los catálogos de seguridad)
    problemas: list[Problema] = field(default_factory=list)  # los de las reglas anteriores, con su severidad

    def de_tipo(self, tipo: str) -> list[tuple[Path, object]]:
        """(ruta, registro) de los archivos de `tipo` que se pudieron leer."""
        return [(r, c.registro) for r, c in zip(self.archivos, self.cargas) if c.tipo == tipo and c.registro is not None]


@dataclass(frozen=True)
class Regla:
    id: str
    codigos: tuple[str, ...]
    revisar: Callable[[Revision], Iterable[Problema]]
    fijos: dict[str, str] = field(default_factory=dict)  # código → por qué no se puede bajar a advertencia

    @property
    def descripcion(self) -> str:
        return inspect.cleandoc(self.revisar.__doc__ or "")

    @property
    def severidades(self) -> dict[str, str]:
        return {c: CODIGOS[c][0] for c in self.codigos}


class Registro:
    """Las reglas de una familia (o del núcleo) por identificador, en el orden en que corren."""

    def __init__(self, nombre: str, contexto: type[Revision] = Revision):
        self.nombre = nombre
        self.contexto = contexto
        self.reglas: dict[str, Regla] = {}

    def regla(self, id: str, *codigos: str, fijos: dict[str, str] | None = None):
        """Registra la función decorada como la regla `id`, que emite `codigos` (ya registrados en
        `problemas.CODIGOS`). Un identificador repetido o un código sin registrar es un error de programación."""
        def registrar(funcion: Callable[[Revision], Iterable[Problema]]):
            desconocidos = [c for c in (*codigos, *(fijos or {})) if c not in CODIGOS]
            if id in self.reglas or desconocidos or not funcion.__doc__ or not set(fijos or {}) <= set(codigos):
                raise ValueError(f"regla mal registrada: {id} {desconocidos}")
            self.reglas[id] = Regla(id, codigos, funcion, dict(fijos or {}))
            return funcion
        return registrar

    def obtener(self, id: str) -> Regla:
        if id not in self.reglas:
            raise ValueError(f"no hay una regla «{id}»")
        return self.reglas[id]

    def __iter__(self):
        return iter(self.reglas.values())


REGLAS_NUCLEO = Registro(NUCLEO)


def de_familia(familia) -> Registro | None:
    """El registro de reglas de `familia`, su parte «reglas» (se importa aquí: validar lo necesita, `--help` no)."""
    return familia.reglas


def registros(familia) -> list[Registro]:
    propio = de_familia(familia)
    return [REGLAS_NUCLEO] + ([propio] if propio is not None else [])


# --------------------------------------------------------------------------- severidades del proceso

def bajables(familia) -> dict[str, str | None]:
    """Código que emite alguna regla → por qué no se puede bajar a advertencia (None: sí se puede)."""
    salida: dict[str, str | None] = {}
    for registro in registros(familia):
        for regla in registro:
            for codigo in regla.codigos:
                if salida.get(codigo) is None:
                    salida[codigo] = regla.fijos.get(codigo)
    return salida


POR_LECTURA = ("lo da la lectura de un archivo (o la composición de un texto), que descarta lo que no "
               "entiende: como advertencia, el dato se perdería en silencio")


def revisar_severidad(codigo: str, severidad: str, familia) -> tuple[str, str, str | None] | None:
    """Por qué no vale `codigo: severidad` en `proceso.yaml → severidades` (código del problema, mensaje,
    sugerencia), o None si vale."""
    from . import tablas_csv  # noqa: F401  (sus códigos se registran al importarlo: una familia de tablas los usa)
    from .lengua import parecido

    propios = sorted(c for c, grupo in GRUPOS.items() if grupo in (NUCLEO, TABLAS, familia.nombre))
    if codigo not in propios:
        cercano = parecido(codigo, propios)
        return ("severidad-codigo", f"severidades: «{codigo}» no es un código de problema.",
                f"¿Quiso decir «{cercano}»?" if cercano else "Los códigos están en docs/validacion.md.")
    if severidad not in SEVERIDADES:
        cercana = parecido(severidad, SEVERIDADES)
        return ("severidad-invalida", f"severidades.{codigo}: «{severidad}» no es una severidad.",
                f"¿Quiso decir «{cercana}»?" if cercana else "Escriba error o advertencia.")
    if severidad == ADVERTENCIA and CODIGOS[codigo][0] == ERROR:
        reglas = bajables(familia)
        motivo = reglas[codigo] if codigo in reglas else POR_LECTURA
        if motivo is not None:
            return ("severidad-fija", f"severidades.{codigo}: este código sigue siendo error: {motivo}.",
                    "Quite la línea; corrija los datos que lo causan.")
    return None


def del_proceso(registro, familia) -> dict[str, tuple[str, str]]:
    """código → (severidad, dónde se fijó) de lo que `proceso.yaml → severidades` cambia y vale."""
    escritas = getattr(registro, "severidades", None) or {}
    archivo = getattr(registro, "archivo", "proceso.yaml")
    return {codigo: (severidad, f"{archivo}:{linea}")
            for codigo, (severidad, linea, _, _) in escritas.items()
            if revisar_severidad(codigo, severidad, familia) is None and CODIGOS[codigo][0] != severidad}


def ajustar(problemas: Iterable[Problema], severidades: dict[str, tuple[str, str]]) -> list[Problema]:
    """Los problemas con la severidad que les da el proceso; el cambio queda dicho en `ajuste`."""
    salida = []
    for p in problemas:
        cambio = severidades.get(p.codigo)
        if cambio is not None and p.severidad != cambio[0]:
            p = dataclasses.replace(p, severidad=cambio[0], ajuste=cambio[1])
        salida.append(p)
    return salida


def leer_severidades(lector, nodo) -> dict[str, tuple[str, int, int, int]]:
    """`proceso.yaml → severidades`, tal como se escribió: código → (severidad, línea, columna de la clave,
    columna del valor). Aquí solo se revisa la forma; qué vale lo dice la regla `severidades`, que conoce
    los códigos de la familia."""
    from yaml.nodes import ScalarNode

    escritas = lector.pares(nodo, "severidades", lambda v, d: lector.texto(v, d, "campo-requerido"))
    return {k.value: (escritas[k.value].strip(), k.start_mark.line + 1, k.start_mark.column + 1, v.start_mark.column + 1)
            for k, v in (nodo.value if escritas else ()) if isinstance(k, ScalarNode) and k.value in escritas}


# --------------------------------------------------------------------------- correr las reglas

def revisar(contexto: Revision, severidades: dict[str, tuple[str, str]]) -> list[Problema]:
    """Corre las reglas del núcleo y las de la familia, cada registro con su clase de contexto. La lista
    de problemas es una sola: cada regla ve lo que dijeron las anteriores, ya con la severidad del
    proceso (las omisiones de seguridad solo se calculan si no hubo errores)."""
    problemas: list[Problema] = []
    campos = {f.name: getattr(contexto, f.name) for f in dataclasses.fields(Revision)}
    for registro in registros(contexto.familia):
        propio = registro.contexto(**{**campos, "problemas": problemas})
        for regla in registro:
            problemas += ajustar(regla.revisar(propio), severidades)
    return problemas


# --------------------------------------------------------------------------- las reglas del núcleo

@REGLAS_NUCLEO.regla("severidades", "severidad-codigo", "severidad-invalida", "severidad-fija",
              fijos=dict.fromkeys(("severidad-codigo", "severidad-invalida", "severidad-fija"),
                                  "una severidad que no se entiende no se aplica"))
def _severidades(contexto: Revision) -> Iterable[Problema]:
    """`proceso.yaml → severidades` nombra códigos que existen, con `error` o `advertencia`, y solo baja a
    advertencia los códigos de una regla que lo permite (la lectura de un archivo y algunas reglas no:
    el dato se perdería o el informe no se podría componer)."""
    for _, registro in contexto.de_tipo("proceso"):
        for codigo, (severidad, linea, columna, columna_valor) in (getattr(registro, "severidades", None) or {}).items():
            falla = revisar_severidad(codigo, severidad, contexto.familia)
            if falla is not None:
                codigo_problema, mensaje, sugerencia = falla
                yield problema(registro.archivo, linea, columna if codigo_problema == "severidad-codigo" else columna_valor,
                               codigo_problema, mensaje, sugerencia)


@REGLAS_NUCLEO.regla("textos", "texto-ruta", "texto-ranura", "texto-plantilla", "texto-variable", "texto-crudo",
              "texto-imagen", "texto-imagen-sin-alt", "texto-sin-glifo", "texto-escritura",
              fijos=dict.fromkeys(("texto-ruta", "texto-ranura", "texto-plantilla", "texto-variable", "texto-crudo",
                                   "texto-imagen", "texto-imagen-sin-alt", "texto-sin-glifo"),
                                  "compilar no puede componer ese texto"))
def _textos(contexto: Revision) -> Iterable[Problema]:
    """La redacción del analista (`textos/` del periodo y `proceso.yaml → textos`) de toda familia que
    declara ranuras: la ruta, la ranura, la sintaxis de plantilla, cada cifra que cita, el marcado crudo,
    las imágenes y los caracteres. Cada texto se busca en la carpeta de datos de su propio archivo (no en
    --datos, que puede ser otra)."""
    from . import textos

    familia = contexto.familia
    if not familia.ranuras:
        return
    forma = familia.forma_textos(contexto.lectura)
    for ruta, registro in contexto.de_tipo("proceso"):
        leidos, problemas = textos.del_proceso(ruta.resolve().parent, registro, familia.ranuras)
        yield from problemas + [p for t in leidos for p in textos.revisar(t, forma)]
    for raiz, pid in _periodos_con_textos(contexto):
        leidos, problemas = textos.del_periodo(raiz, pid, familia.ranuras)
        yield from problemas + [p for t in leidos for p in textos.revisar(t, forma)]


def _periodos_con_textos(contexto: Revision) -> list[tuple[Path, str]]:
    """(carpeta de datos, periodo) cuyos textos se revisan: los de cada archivo del tipo que define un
    periodo (`Familia.tipo_periodo`) que se valida o, si la familia no tiene uno, los de cada periodo del
    que se valida algún archivo."""
    from .cargar import periodo_de_carpeta

    tipo = contexto.familia.tipo_periodo
    if tipo is not None:
        return [(ruta.resolve().parent.parent, registro.id) for ruta, registro in contexto.de_tipo(tipo)]
    periodos: dict[str, Path] = {}
    for ruta in contexto.archivos:
        if (pid := periodo_de_carpeta(ruta)) is not None:
            carpeta = next(c for c in ruta.parents if c.name == pid)
            periodos.setdefault(pid, carpeta.parent.resolve())
    return [(raiz, pid) for pid, raiz in sorted(periodos.items())]
