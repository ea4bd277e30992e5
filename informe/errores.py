"""Las excepciones de informe, en un solo lugar.

Los problemas de los datos son valores (`problemas.Problema`), no excepciones. Estas
son las condiciones que detienen una orden y que la CLI convierte en un mensaje en
español con su código de salida; cualquier otra excepción es un error de la herramienta.
"""

from __future__ import annotations

from pathlib import Path


class ErrorDeInforme(Exception):
    """Base: la CLI la atrapa y la dice en español, sin traceback."""


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

    def __init__(self, etapa: str, mensaje: str):
        super().__init__(mensaje)
        self.etapa = etapa
        self.escritos: list[Path] = []  # lo que esta corrida ya había escrito cuando falló
