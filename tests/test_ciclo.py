"""Un mes entero desde el lado del analista de la DEOE, con las órdenes tal como se escriben.

periodo nuevo → plantilla --todas → cinco JLE envían (errores típicos; una rechazada que reenvía; una que
corrige la redacción de un acuerdo) → estado a 80 columnas → compilar se niega → --permitir-faltantes →
acuerdos de una entidad en CSV.
"""

from __future__ import annotations

import csv
import io
import shutil

from conftest import DEMO


def _llenar(plantilla, acuerdos: str, reuniones: str = "reuniones: []\n"):
    texto = plantilla.read_text(encoding="utf-8")
    vacio = "acuerdos: []  # sustituya [] por la lista de acuerdos del periodo, si los hubo\n"
    assert vacio in texto
    plantilla.write_text(texto.replace(vacio, reuniones + acuerdos), encoding="utf-8")
    return plantilla


def test_un_mes_completo(correr, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    datos = tmp_path / "datos"
    shutil.copytree(DEMO, datos)
    marzo = datos / "2024-03" / "periodo.yaml"  # la serie sigue después del último de la demo
    marzo.write_text(marzo.read_text(encoding="utf-8").replace("ultimo: true", "ultimo: false"), encoding="utf-8")

    # 1. abrir el periodo
    codigo, salida, error = correr("periodo", "nuevo", "-d", datos)
    assert codigo == 0, error
    assert "Periodo 2024-04: cuarto informe, del 24 de marzo al 23 de abril de 2024." in " ".join(salida.split())

    # 2. lo que viaja a las 32 JLE
    envios = tmp_path / "envios"
    assert correr("plantilla", "-p", "2024-04", "--todas", "-d", datos, "-o", envios)[0] == 0
    assert len(list(envios.iterdir())) == 32

    # 3. cinco JLE responden
    acuerdo = "acuerdos:\n  - descripcion: {}\n    estatus: {}\n"
    colima = _llenar(envios / "colima" / "colima-2024-04.yaml",
                     acuerdo.format("Reforzar la vigilancia de la bodega electoral del distrito 01.", "Planeación"))
    sonora = _llenar(envios / "sonora" / "sonora-2024-04.yaml",  # estatus mal escrito y fecha imposible
                     acuerdo.format("Patrullajes en la zona serrana.", "Terminado"),
                     "reuniones:\n  - fecha: 2024-04-31\n    modalidad: virtual\n")
    tlaxcala = _llenar(envios / "tlaxcala" / "tlaxcala-2024-04.yaml",
                       acuerdo.format("Recorrido por las sedes de los consejos.", "en proceso"),  # minúsculas: vale
                       "reuniones:\n  - fecha: 2024-04-10\n    modalidad: hibrida\n    asistentes: 14\n")
    yucatan = _llenar(envios / "yucatan" / "yucatan-2024-04.yaml", acuerdo.format("Enlace con la SSP.", "Concluido"))
    zacatecas = _llenar(envios / "zacatecas" / "zacatecas-2024-04.yaml", "")
    codigo, salida, _ = correr("recibir", colima, sonora, tlaxcala, yucatan, zacatecas, "-p", "2024-04", "-d", datos)
    plano = " ".join(salida.split())
    assert codigo == 1  # Sonora tiene errores
    assert "estatus-desconocido" in plano and "fecha-invalida" in plano
    guardados = sorted(p.name for p in (datos / "2024-04" / "jle").iterdir())
    assert guardados == ["colima.yaml", "tlaxcala.yaml", "yucatan.yaml", "zacatecas.yaml"]
    assert "En proceso" in (datos / "2024-04" / "jle" / "tlaxcala.yaml").read_text(encoding="utf-8")
    rechazo = list((datos / "2024-04" / "rechazados").iterdir())
    assert [p.name[16:] for p in rechazo] == ["SON-sonora-2024-04.yaml"]  # tal como llegó
    assert rechazo[0].read_bytes() == sonora.read_bytes()
    acuse = next(p for p in (datos / "2024-04" / "acuses").iterdir() if "SON" in p.name).read_text(encoding="utf-8")
    lineas = sonora.read_text(encoding="utf-8").splitlines()
    n_estatus = next(i for i, l in enumerate(lineas, 1) if "Terminado" in l)
    n_fecha = next(i for i, l in enumerate(lineas, 1) if "2024-04-31" in l)
    acuse = " ".join(acuse.split())  # el acuse va partido a 78 columnas
    assert "Resultado: NO SE REGISTRÓ. El archivo tiene 2 errores" in acuse
    assert f"Línea {n_estatus}, columna 14. Acuerdo 1, estatus: «Terminado» no está en el catálogo." in acuse
    assert f"Línea {n_fecha}" in acuse

    # 4. estado a 80 columnas: Sonora rechazada, 27 sin enviar
    codigo, salida, _ = correr("estado", "-p", "2024-04", "-d", datos)
    assert codigo == 1
    # las rutas son las de la carpeta de datos (largas en /tmp), y una orden sugerida va entera en su renglón;
    # todo lo demás cabe en 80 columnas
    assert max(len(linea) for linea in salida.splitlines()
               if "/2024-04/" not in linea and not linea.lstrip().startswith("informe ")) <= 80
    assert "Acuses por enviar, uno por JLE: " in " ".join(salida.split()) and salida.count("/2024-04/") == 1
    assert next(linea for linea in salida.splitlines() if linea.strip().startswith("Sonora"))
    assert "32 JLE: 4 recibidas, 1 rechazada, 27 faltan." in salida

    # 5. Sonora corrige y reenvía; Colima corrige la redacción de su acuerdo
    texto = sonora.read_text(encoding="utf-8").replace("Terminado", "Concluido").replace("2024-04-31", "2024-04-20")
    sonora.write_text(texto, encoding="utf-8")
    colima.write_text(colima.read_text(encoding="utf-8").replace("del distrito 01.", "del Distrito 01"), encoding="utf-8")
    codigo, salida, error = correr("recibir", sonora, colima, "-p", "2024-04", "-d", datos)
    plano = " ".join(salida.split())
    assert codigo == 0, salida + error
    assert "redacción corregida: COL-2024-04-001" in plano
    assert "SON-2024-04-001" in (datos / "2024-04" / "jle" / "sonora.yaml").read_text(encoding="utf-8")
    codigo, salida, _ = correr("estado", "-p", "2024-04", "-d", datos)
    assert "32 JLE: 5 recibidas, 27 faltan." in salida

    # 6. compilar se niega mientras falten 27; con --permitir-faltantes compila y lo dice
    salida_dir = tmp_path / "salida"
    codigo, _, error = correr("compilar", "-p", "2024-04", "-d", datos, "-o", salida_dir, "-f", "md")
    assert codigo == 1 and "27 de las 32 JLE no tienen informe en 2024-04" in " ".join(error.split())
    assert not (salida_dir / "informe-2024-04.md").exists()
    codigo, _, error = correr("compilar", "-p", "2024-04", "-d", datos, "-o", salida_dir, "-f", "md",
                              "--permitir-faltantes")
    assert codigo == 0, error
    informe = (salida_dir / "informe-2024-04.md").read_text(encoding="utf-8")
    assert informe.startswith('---\ntitle: "Cuarto Informe que rinde')
    nombradas = " ".join(informe.split()).split("Las JLE de ")[1].split(" no reportaron información sobre sus reuniones")[0]
    assert nombradas.startswith("Aguascalientes, Baja California,") and nombradas.endswith("Tamaulipas y Veracruz")
    assert nombradas.count(",") == 25 and "Sonora" not in nombradas and "Colima" not in nombradas

    # 7. la pregunta del día: ¿qué tiene Colima?
    codigo, salida, _ = correr("acuerdos", "-d", datos, "-e", "Colima", "-f", "csv")
    filas = list(csv.DictReader(io.StringIO(salida.lstrip("\ufeff"))))  # por encabezado, no por posición
    nuevo = next(f for f in filas if f["id"] == "COL-2024-04-001")
    assert [nuevo[c] for c in ("entidad", "tomado", "estatus", "actualizado")] == \
        ["Colima", "2024-04", "Planeación", "2024-04"]
    assert nuevo["descripcion"] == "Reforzar la vigilancia de la bodega electoral del Distrito 01"
