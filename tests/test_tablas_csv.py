"""El lector declarativo de tablas CSV del núcleo: valores tipados, posición de cada celda y un problema
por celda mala, con su código, línea y columna."""

from __future__ import annotations

from datetime import date

import pytest

from informe.tablas_csv import Catalogo, Columna, Esquema, escribir, leer, separar

COLORES = Catalogo(lambda t: t.strip().capitalize() if t.strip().lower() in ("rojo", "azul") else None,
                   lambda t: "Rojo" if t.lower().startswith("r") else None, "tipo-invalido", "un color")
ESQUEMA = Esquema("prueba.csv", (
    Columna("NOMBRE", requerida=True, catalogo=COLORES),
    Columna("CUANTOS", "entero"),
    Columna("MEDIA", "decimal"),
    Columna("FECHA", "fecha"),
    Columna("LIGA", "enlace"),
    Columna("NOTA"),
), clave=("NOMBRE",), totales="NOMBRE", total_requerido=True)
ENCABEZADO = "NOMBRE,CUANTOS,MEDIA,FECHA,LIGA,NOTA\n"


def _leer(cuerpo: str):
    return leer(ENCABEZADO + cuerpo, "prueba.csv", ESQUEMA)


def test_valores_tipados_y_posiciones():
    tabla, problemas = _leer('rojo,3,1.5,2023-11-30,https://ine.mx/a,"una, nota"\n'
                             'Azul,,,,,"con ""comillas""\ny salto"\nTOTAL,3,,,,\n')
    assert problemas == []
    rojo, azul = tabla.filas
    assert rojo.valores == {"NOMBRE": "Rojo", "CUANTOS": 3, "MEDIA": 1.5, "FECHA": date(2023, 11, 30),
                            "LIGA": "https://ine.mx/a", "NOTA": "una, nota"}
    assert rojo.linea == 2 and rojo.columnas["CUANTOS"] == 6 and rojo.columnas["NOTA"] == 40
    assert azul.valores["CUANTOS"] is None and azul.valores["NOTA"] == 'con "comillas"\ny salto'
    assert tabla.totales[0].linea == 5 and tabla.totales[0].total and tabla.posiciones["MEDIA"] == 16


@pytest.mark.parametrize("cuerpo, codigo, linea, columna", [
    ("Rojo,1,,,,\nRojo,2,,,,\nTOTAL,3,,,,\n", "tabla-clave-repetida", 3, 1),
    ("Rojo,1,,,\nTOTAL,1,,,,\n", "tabla-celdas", 2, None),
    ("Rojo,1,,,,\n", "tabla-sin-total", None, None),
    (",1,,,,\nTOTAL,1,,,,\n", "tabla-requerida", 2, 1),
    ("Rojo,1.0,,,,\nTOTAL,1,,,,\n", "tabla-tipo", 2, 6),
    ("Rojo,²,,,,\nTOTAL,1,,,,\n", "tabla-tipo", 2, 6),
    ("Rojo,1,4.567,,,\nTOTAL,1,,,,\n", "tabla-tipo", 2, 8),
    ("Rojo,1,,2023-02-30,,\nTOTAL,1,,,,\n", "tabla-tipo", 2, 9),
    ("Rojo,1,,,ftp://x,\nTOTAL,1,,,,\n", "tabla-tipo", 2, 10),
    ("Rojo,1,,,,\"sin cerrar\n", "tabla-comillas", 2, 11),
    ("Verde,1,,,,\nTOTAL,1,,,,\n", "tipo-invalido", 2, 1),
])
def test_cada_problema_con_su_celda(cuerpo, codigo, linea, columna):
    _, problemas = _leer(cuerpo)
    hallados = [p for p in problemas if p.codigo == codigo]
    assert hallados, problemas
    assert (hallados[0].linea, hallados[0].columna) == (linea, columna)


def test_encabezado_distinto_dice_cual_columna():
    tabla, problemas = leer("NOMBRE,CUANTAS,MEDIA,FECHA,LIGA,NOTA\n", "prueba.csv", ESQUEMA)
    assert tabla is None and problemas[0].codigo == "tabla-encabezado"
    assert (problemas[0].linea, problemas[0].columna) == (1, 8) and "«CUANTAS»" in problemas[0].mensaje
    assert "CUANTOS" in problemas[0].mensaje


def test_cifra_con_miles_sugiere_sin_coma():
    _, problemas = _leer('Rojo,"1,234",,,,\nTOTAL,1,,,,\n')
    assert problemas[0].codigo == "tabla-tipo" and problemas[0].sugerencia == "Escriba 1234 sin separador de miles."


def test_sugiere_el_valor_parecido_del_catalogo():
    _, problemas = _leer("Rosa,1,,,,\nTOTAL,1,,,,\n")
    assert problemas[0].sugerencia == "¿Quiso decir «Rojo»?"


def test_escribir_y_leer_es_identidad():
    texto = escribir(ESQUEMA, [["Rojo", 3, 1.5, date(2023, 11, 30), "https://ine.mx/a", 'dice "sí", y más'],
                               ["TOTAL", 3, None, None, None, None]])
    tabla, problemas = leer(texto, "prueba.csv", ESQUEMA)
    assert problemas == [] and tabla.filas[0].valores["NOTA"] == 'dice "sí", y más'
    assert escribir(ESQUEMA, [[*f.valores.values()] for f in [*tabla.filas, *tabla.totales]]) == texto


def test_separar_ignora_lineas_vacias_y_retorno_de_carro():
    filas = separar("A,B\r\n\r\n1,2\r\n", "x.csv", [])
    assert [(n, [v for v, _ in c]) for n, c in filas] == [(1, ["A", "B"]), (3, ["1", "2"])]
