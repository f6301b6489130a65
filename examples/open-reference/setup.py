# SPDX-License-Identifier: Apache-2.0
"""Packaging of the tinyref code (the supporting library of this release): ``pip install .``"""

from setuptools import setup

setup(
    name="tinyref",
    version="1.0.0",
    description="A tiny, fully open reference model and the code that made it",
    license="Apache-2.0",
    package_dir={"": "src"},
    packages=["tinyref"],
    python_requires=">=3.10",
    install_requires=["numpy>=1.24"],
)
