"""Las excepciones de informe, en un solo lugar.

Los problemas de los datos son valores (`problemas.Problema`), no excepciones. Estas
son las condiciones que detienen una orden y que la CLI convierte en un mensaje en
español con su código de salida; cualquier otra excepción es un error de la herramienta.
"""

from __future__ import annotations

from pathlib import Path


class ErrorDeInforme(Exception):
    """Base: la CLI la atrapa y la dice en español, sin traceback."""

    def __init__(self, mensaje: str = "", orden: str = ""):
        super().__init__(mensaje)
        # la orden que arregla o revisa el problema va aparte: la CLI la pone entera en su propio renglón,
        # para pegarla, en lugar de dejarla a media oración donde la terminal la partiría
        self.orden = orden


class ErrorDeUso(ErrorDeInforme):
    """Un dato de entrada que impide seguir (periodo desconocido, carpeta inexistente): salida 2."""


class CarpetaOcupada(ErrorDeInforme):
    """Otra orden escribe en la misma carpeta de datos y no terminó a tiempo."""


class NoSePuedeAbrir(ErrorDeInforme):
    """El periodo siguiente no se puede abrir (el anterior fue el último, ya existe, fechas imposibles)."""


class ErrorDeLectura(ErrorDeInforme):
    """El anexo no se puede leer (no es DOCX válido, no es texto UTF-8, bomba zip, entidades XML)."""


class ErrorDeTexto(ErrorDeInforme):
    """Un texto del analista que no se pudo componer; el mensaje ya dice archivo y línea."""


class ErrorDeConversion(ErrorDeInforme):
    """pandoc o Typst no pudieron convertir el Markdown."""


class ErrorDeEtapa(ErrorDeInforme):
    """Una etapa de `compilar` falló; `escritos` dice qué salidas ya se habían escrito."""

    def __init__(self, etapa: str, mensaje: str, orden: str = ""):
        super().__init__(mensaje, orden)
        self.etapa = etapa
        self.escritos: list[Path] = []  # lo que esta corrida ya había escrito cuando falló


_CAUSAS = {"EACCES": "no hay permiso", "EPERM": "no hay permiso", "ENOSPC": "el disco está lleno",
           "EDQUOT": "se acabó la cuota de disco", "EROFS": "el disco o la carpeta son de solo lectura",
           "EEXIST": "ya existe", "ENOTDIR": "una parte de la ruta es un archivo, no una carpeta",
           "EISDIR": "es una carpeta, no un archivo", "ENOENT": "no existe", "ELOOP": "es un enlace simbólico",
           "EIO": "error de lectura o escritura del disco", "ENAMETOOLONG": "el nombre es demasiado largo",
           "EMFILE": "hay demasiados archivos abiertos", "EBUSY": "otro programa lo tiene ocupado",
           "ETXTBSY": "otro programa lo tiene ocupado", "EXDEV": "está en otro disco"}


def causa(error: OSError) -> str:
    """La causa de un OSError en español («el disco está lleno»), no el texto del sistema en inglés."""
    import errno

    nombre = errno.errorcode.get(error.errno or -1, "")
    return _CAUSAS.get(nombre) or (f"error del sistema {nombre}" if nombre else "error del sistema")


def mensaje_de_oserror(error: OSError, archivo: object = None) -> str:
    """«no se pudo escribir datos/2024-05/acuses/x.txt: el disco está lleno», con el archivo que falló."""
    ruta = error.filename if error.filename is not None else archivo
    destino = f" {ruta}" if ruta is not None else ""
    return f"no se pudo leer o escribir{destino}: {causa(error)}"
